package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// waitFor polls cond every few milliseconds until it holds, or fails the test.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sendVisits sends n one-line visits to Acme Trading with notes prefix-NN.
func (h *harness) sendVisits(u telegramtest.User, prefix string, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = h.tg.SendText(u, fmt.Sprintf("/visit Acme Trading: phone %s-%02d", prefix, i))
	}
	return ids
}

// outcome sorts the updates of sendVisits: applied (the visit exists and
// the user was told it was saved) or given up (no visit, and the user was
// told it failed). Anything else fails the test.
func (h *harness) outcome(u telegramtest.User, prefix string, n int) (applied, gaveUp int) {
	h.t.Helper()
	msgs := h.tg.Messages(u.ID)
	failures := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, "the system is unavailable right now") {
			failures++
		}
	}
	for i := range n {
		note := fmt.Sprintf("%s-%02d", prefix, i)
		visits := h.count(`SELECT count(*) FROM visits WHERE notes = $1`, note)
		switch visits {
		case 1:
			applied++
		case 0:
			gaveUp++
		default:
			h.t.Fatalf("%s stored %d times", note, visits)
		}
	}
	saved := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, "Visit to <b>Acme Trading</b> saved") {
			saved++
		}
	}
	if saved != applied || failures != gaveUp {
		h.t.Fatalf("%d visits stored and %d confirmed; %d missing and %d failure notices", applied, saved, gaveUp, failures)
	}
	return applied, gaveUp
}

// TestPostgresBlipMidBacklogAppliesEveryUpdateOnce cuts PostgreSQL off from
// the bot while it works through a backlog: the updates wait and are applied
// once it is back, each once, and nobody is told anything failed; a restart
// afterwards applies nothing again.
func TestPostgresBlipMidBacklogAppliesEveryUpdateOnce(t *testing.T) {
	t.Parallel()
	h := setupOpts(t, options{faulty: true})
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	h.tg.SetLatency(40 * time.Millisecond) // the backlog takes a while
	ids := h.sendVisits(u, "blip", 20)
	h.waitFor("the backlog recorded and under way", func() bool {
		return h.count(`SELECT count(*) FROM updates WHERE update_id = ANY($1)`, ids) == len(ids) &&
			h.count(`SELECT count(*) FROM updates WHERE update_id = ANY($1) AND processed_at IS NOT NULL`, ids) >= 3
	})
	h.pgWire.Down()
	time.Sleep(3 * time.Second) // the outage
	h.pgWire.Up()
	for _, id := range ids {
		h.waitHandled(id)
	}
	if applied, gaveUp := h.outcome(u, "blip", 20); applied != 20 || gaveUp != 0 {
		t.Fatalf("%d applied, %d given up; want all 20 applied", applied, gaveUp)
	}
	h.restartAndSettle(u)
	if applied, _ := h.outcome(u, "blip", 20); applied != 20 {
		t.Fatalf("after a restart %d applied", applied)
	}
}

// TestOutageLongerThanTheRetryWindowGivesUpForGood: the update in flight
// when PostgreSQL goes away for longer than UPDATE_RETRY_FOR is given up
// once the database is back, with the user told; it is never applied later,
// not even after a restart, and the updates behind it are applied.
func TestOutageLongerThanTheRetryWindowGivesUpForGood(t *testing.T) {
	t.Parallel()
	h := setupOpts(t, options{faulty: true, env: map[string]string{"UPDATE_RETRY_FOR": "1s"}})
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	ctx := context.Background()
	// Hold the client's row, so the first visit is mid-way, waiting in
	// PostgreSQL, when the database goes away.
	lock, err := h.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = lock.Rollback(ctx) }()
	var holder int
	if err := lock.QueryRow(ctx, `SELECT pg_backend_pid() FROM clients WHERE name = 'Acme Trading' FOR UPDATE`).Scan(&holder); err != nil {
		t.Fatal(err)
	}
	ids := h.sendVisits(u, "long", 5)
	h.waitFor("the first visit blocked on the client's row", func() bool {
		return h.count(`SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, holder) == 1
	})
	h.pgWire.Down()
	time.Sleep(2500 * time.Millisecond) // the outage, longer than the retry window
	h.pgWire.Up()
	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		h.waitHandled(id)
	}
	applied, gaveUp := h.outcomeSettled(u, "long", 5)
	if applied != 4 || gaveUp != 1 || h.count(`SELECT count(*) FROM visits WHERE notes = 'long-00'`) != 0 {
		t.Fatalf("%d applied, %d given up; want the one in flight given up and the 4 behind it applied", applied, gaveUp)
	}
	if n := h.count(`SELECT count(*) FROM updates WHERE abandoned_at IS NOT NULL`); n != 1 {
		t.Fatalf("%d updates marked abandoned, want 1", n)
	}
	h.restartAndSettle(u)
	if a, g := h.outcome(u, "long", 5); a != applied || g != gaveUp {
		t.Fatalf("after a restart %d applied and %d given up, before %d and %d", a, g, applied, gaveUp)
	}
}

// TestTextGivenUpWhileRedisIsDownIsNeverAppliedLater: typed text waits for
// Redis (it may answer a flow's step) only for the retry window; then the
// user is told, and the text is not applied when Redis returns.
func TestTextGivenUpWhileRedisIsDownIsNeverAppliedLater(t *testing.T) {
	t.Parallel()
	h := setupOpts(t, options{faulty: true, env: map[string]string{"UPDATE_RETRY_FOR": "1s"}})
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.press(u, h.say(u, "/visit"), "Acme Trading")
	h.press(u, m, "phone")
	h.rdWire.Down()
	id := h.tg.SendText(u, "Notes typed while Redis is down")
	h.waitHandled(id)
	h.rdWire.Up()
	// The notice goes through the outbox, whose rate limit lives in Redis.
	h.waitMessage(u, "the system is unavailable right now")
	h.stop()
	h.start()
	// The flow is where it was: the notes were not taken.
	m = h.say(u, "Notes typed after Redis is back")
	mustContain(t, m.Text, "Outcome")
	if n := h.count(`SELECT count(*) FROM updates WHERE update_id = $1 AND abandoned_at IS NOT NULL`, id); n != 1 {
		t.Fatal("the text is not marked given up")
	}
}

// outcomeSettled is outcome once the failure notices, which the outbox
// sends a moment later, have arrived.
func (h *harness) outcomeSettled(u telegramtest.User, prefix string, n int) (applied, gaveUp int) {
	h.t.Helper()
	h.waitFor("the failure notices sent", func() bool {
		return h.count(`SELECT count(*) FROM outbox WHERE kind = 'failure' AND status <> 'sent'`) == 0
	})
	return h.outcome(u, prefix, n)
}

// restartAndSettle restarts the bot and waits until it answered a new
// update, so whatever a restart would run again has run.
func (h *harness) restartAndSettle(u telegramtest.User) {
	h.t.Helper()
	h.stop()
	h.start()
	mustContain(h.t, h.say(u, "/mine").Text, "Acme Trading")
}

// TestDraftLostWithEverythingInRedisIsExplained: Redis loses every key
// (restarted empty, or flushed) in the middle of a flow; the user's next
// words are not taken as a search but answered with what happened.
func TestDraftLostWithEverythingInRedisIsExplained(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.press(u, h.say(u, "/feedback"), "Acme Trading")
	h.press(u, m, "complaint")
	ctx := context.Background()
	keys, err := h.rdb.Keys(ctx, h.cfg.RedisPrefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 {
		t.Fatal("the bot keeps nothing in Redis under its prefix")
	}
	if err := h.rdb.Del(ctx, keys...).Err(); err != nil {
		t.Fatal(err)
	}
	reply := h.say(u, "The invoice was wrong")
	mustContain(t, reply.Text, "was lost", "nothing of it was saved", "/feedback")
	mustNotContain(t, reply.Text, "clients found", "No client matches")
	if n := h.count(`SELECT count(*) FROM feedback`); n != 0 {
		t.Fatalf("%d feedback rows after the draft was lost", n)
	}
	// Told once: the next text is a search again.
	if !hasButton(h.say(u, "acme"), "Acme Trading") {
		t.Fatal("the next text is not a search")
	}
}

// TestCommandsThatNeedNoDraftWorkWhileRedisIsDown: a one-line visit is saved
// with Redis away; a guided flow says why it cannot start; typed text, which
// may answer a flow's step, waits for Redis and is then applied.
func TestCommandsThatNeedNoDraftWorkWhileRedisIsDown(t *testing.T) {
	t.Parallel()
	h := setupOpts(t, options{faulty: true})
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	h.rdWire.Down()

	mustContain(t, h.say(u, "/visit Acme Trading: phone while Redis is down").Text, "Visit to <b>Acme Trading</b> saved")
	if n := h.count(`SELECT count(*) FROM visits WHERE notes = 'while Redis is down'`); n != 1 {
		t.Fatalf("%d one-line visits stored with Redis down, want 1", n)
	}
	mustContain(t, h.say(u, "/visit").Text, "step-by-step entry is unavailable")
	mustContain(t, h.say(u, "/mine").Text, "Acme Trading")

	id := h.tg.SendText(u, "acme")
	h.waitFor("the text's first failed attempt", func() bool {
		return h.count(`SELECT count(*) FROM updates WHERE update_id = $1 AND attempts > 0`, id) == 1
	})
	h.rdWire.Up()
	h.waitHandled(id)
	if !hasButton(h.last(u), "Acme Trading") {
		t.Fatalf("the search typed while Redis was down found nothing: %q", h.last(u).Text)
	}
	if n := h.count(`SELECT count(*) FROM updates WHERE abandoned_at IS NOT NULL`); n != 0 {
		t.Fatalf("%d updates given up during a short Redis outage", n)
	}
}
