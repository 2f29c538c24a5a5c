package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/ledgerbot/ledgerbot/bot/intake"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func (h *harness) sessionKey(chatID int64) string {
	return h.cfg.RedisPrefix + "session:" + strconv.FormatInt(chatID, 10)
}

func TestStaleAndForgedButtonsDoNothingHarmful(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")

	old := h.press(u, h.say(u, "/visit"), "Acme Trading") // kind buttons of conversation 1
	h.say(u, "/cancel")
	h.press(u, h.say(u, "/visit"), "Acme Trading") // conversation 2 at the same step
	h.pressData(u, old.ID, button(t, old, "phone"))
	mustContain(t, h.lastAnswer(), "earlier conversation")

	h.say(u, "/cancel")
	h.pressData(u, old.ID, button(t, old, "phone"))
	mustContain(t, h.lastAnswer(), "expired")

	for _, forged := range []string{"zz", "c:abc", "c:-1", "h:1:x:0", "h:1:v:99999999", "lang:fr", "f:", "c:99999999999"} {
		h.pressData(u, old.ID, forged)
		if a := h.lastAnswer(); a == "" {
			t.Errorf("forged %q got no explanation", forged)
		}
	}
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Fatalf("%d visits after stale and forged presses, want 0", n)
	}
	if n := h.count(`SELECT count(*) FROM updates WHERE processed_at IS NULL`); n != 0 {
		t.Fatalf("%d updates left unprocessed", n)
	}
}

func TestLostStateIsExplainedAndNothingHalfMadeIsStored(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.press(u, h.say(u, "/feedback"), "Acme Trading")
	m = h.press(u, m, "complaint")
	// Redis loses the conversation (timeout or restart).
	h.rdb.Del(context.Background(), h.sessionKey(u.ID))
	reply := h.say(u, "The invoice was wrong")
	mustContain(t, reply.Text, "timed out", "nothing was saved", "/feedback")
	h.pressData(u, m.ID, "f:deadbeef:set:high")
	mustContain(t, h.lastAnswer(), "expired")
	if n := h.count(`SELECT count(*) FROM feedback`); n != 0 {
		t.Fatalf("%d feedback rows after state loss, want 0", n)
	}
	// The next plain text is a search again.
	mustContain(t, h.say(u, "acme").Text, "clients found")
}

func TestUpdateRecordedButNotHandledBeforeCrashRunsAfterRestart(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	h.stop()

	// The poller had recorded (and so acknowledged) this update when the
	// process died: Telegram will never send it again.
	upd := map[string]any{"update_id": 900001, "message": map[string]any{
		"message_id": 5, "date": 1, "chat": map[string]any{"id": u.ID, "type": "private"},
		"from": map[string]any{"id": u.ID, "is_bot": false, "first_name": "Alice", "language_code": "en"},
		"text": "/visit Acme: phone recovered after crash next 1w",
	}}
	raw, _ := json.Marshal(upd)
	if _, err := h.pool.Exec(context.Background(), `INSERT INTO updates (update_id, chat_id, payload) VALUES (900001, $1, $2)`, u.ID, raw); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.waitDone(900001)
	if n := h.count(`SELECT count(*) FROM visits WHERE notes LIKE '%recovered after crash%'`); n != 1 {
		t.Fatalf("%d visits from the recovered update, want 1", n)
	}
}

func TestUpdateReprocessedAfterCrashMidwayCreatesNoSecondRecord(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.press(u, h.say(u, "/visit"), "Acme Trading")
	h.press(u, m, "phone")
	m = h.say(u, "Agreed on the price")
	m = h.press(u, m, "Skip")
	h.press(u, m, "No follow-up")
	h.say(u, "Skip")
	confirm := h.last(u)
	ctx := context.Background()
	before, err := h.rdb.Get(ctx, h.sessionKey(u.ID)).Result()
	if err != nil {
		t.Fatal(err)
	}
	save := h.tg.PressButton(u, confirm.ID, button(t, confirm, "Save"))
	h.waitDone(save)
	h.stop()

	// Crash after the visit was committed but before the update was marked
	// done and before the conversation moved on.
	h.rdb.Set(ctx, h.sessionKey(u.ID), before, 0)
	if _, err := h.pool.Exec(ctx, `UPDATE updates SET processed_at = NULL WHERE update_id = $1`, save); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.waitDone(save)
	if n := h.count(`SELECT count(*) FROM visits`); n != 1 {
		t.Fatalf("%d visits after reprocessing the confirm, want 1", n)
	}
	// The same update delivered twice is recorded once.
	if n := h.count(`SELECT count(*) FROM updates WHERE update_id = $1`, save); n != 1 {
		t.Fatalf("update stored %d times", n)
	}
}

func TestWebhookChecksSecretAndRecordsBeforeAcknowledging(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	// Not started: this checks only what the webhook answers and records.
	in := intake.New(pool, slog.New(slog.DiscardHandler), nil, intake.Config{})
	srv := httptest.NewServer(in.WebhookHandler("s3cret"))
	defer srv.Close()
	ctx := context.Background()
	upd := map[string]any{"update_id": 42, "message": map[string]any{"message_id": 1, "date": 1,
		"chat": map[string]any{"id": 7, "type": "private"}, "text": "hi"}}

	if code, err := telegramtest.PostUpdate(ctx, srv.URL, "wrong", upd); err != nil || code != 401 {
		t.Fatalf("wrong secret: status %d, %v; want 401", code, err)
	}
	if code, err := telegramtest.PostUpdate(ctx, srv.URL, "s3cret", upd); err != nil || code != 200 {
		t.Fatalf("right secret: status %d, %v; want 200", code, err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM updates WHERE update_id = 42`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("update recorded %d times, want 1", n)
	}
	// A database that cannot record makes Telegram retry.
	broken := pgtest.New(t)
	if _, err := broken.Exec(ctx, `DROP TABLE updates`); err != nil {
		t.Fatal(err)
	}
	failing := httptest.NewServer(intake.New(broken, slog.New(slog.DiscardHandler), nil, intake.Config{}).WebhookHandler("s3cret"))
	defer failing.Close()
	if code, _ := telegramtest.PostUpdate(ctx, failing.URL, "s3cret", upd); code < 500 {
		t.Fatalf("unrecordable update answered %d, want 5xx", code)
	}
}

func TestUnreadableUpdateIsSkippedAndPollingGoesOn(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.tg.PushUpdate(map[string]any{"message": "not an object"})
	stranger := telegramtest.User{ID: 31337, FirstName: "Eve", LanguageCode: "en"}
	h.waitDone(h.tg.SendText(stranger, "hello"))
	mustContain(t, h.last(stranger).Text, "invite")
	if n := h.tg.Pending(); n != 0 {
		t.Fatalf("%d updates still pending at the Bot API: the bad one was never acknowledged", n)
	}
}
