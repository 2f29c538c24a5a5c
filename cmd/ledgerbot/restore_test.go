package main

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// TestRestoreDrill is the backup and restore of docs/OPERATIONS.md, done on
// a ledger filled through the bot: pg_dump -Fc while the bot runs, then
// pg_restore into a fresh database, then a bot started on the copy with an
// empty Redis (a fresh prefix), against the same Telegram. The copy must
// hold every row of the dump, find and show the same clients, send what
// was waiting in the outbox and nothing that was already sent, run no job
// period again, and work on the next day.
func TestRestoreDrill(t *testing.T) {
	t.Parallel()
	pgTool(t, "pg_dump") // fail now, not after filling the ledger
	pgTool(t, "pg_restore")
	ctx := t.Context()
	tg := telegramtest.New(t)
	clk := &clock{t: time.Date(2026, 11, 23, 9, 30, 0, 0, shanghai)}

	origDB := newScratchDB(t, "drill")
	orig, _ := harnessOn(t, tg, origDB.pool(t), clk, map[string]string{
		// One send at a time: one message held by Telegram keeps the rest
		// of the outbox pending (holdOutbox).
		"SENDER_WORKERS": "1",
		// Stopped with a send in flight, the original gives it up at once,
		// as a killed process would.
		"SHUTDOWN_GRACE": "100ms",
	})
	orig.start()
	l := fillLedger(orig)
	held, release := holdOutbox(orig, l)
	search := orig.say(l.alice, "hwkj")
	card := orig.openCard(l.alice, "acme", "Acme Trading")

	want, atDump, file := dumpWhileRunning(orig, origDB, l)
	for _, c := range []struct {
		table string
		rows  int64
	}{{"staff", 3}, {"clients", 3}, {"contacts", 1}, {"visits", 2}, {"feedback", 2}, {"deals", 1}, {"deal_payments", 1}} {
		if got := want[c.table].Rows; got != c.rows {
			t.Fatalf("the dump holds %d %s, want %d: the ledger was not filled as planned", got, c.table, c.rows)
		}
	}
	sent, pending := byStatus(atDump, "sent"), byStatus(atDump, "pending")
	if len(sent) < 6 || len(pending) != 2 {
		t.Fatalf("the dump holds %d sent and %d pending messages, want at least 6 and 2", len(sent), len(pending))
	}

	// The original dies; Telegram then delivers the message it held, as
	// it does with a request whose answer the sender never read.
	orig.stop()
	release()
	inFlight := orig.waitMessage(l.alice, "Follow-up due today", "Acme Trading")

	copyDB := newScratchDB(t, "copy")
	copyDB.restore(t, file)
	copyPool := copyDB.pool(t)
	checkCensus(t, want, takeCensus(ctx, t, copyPool))
	if n := checkSequences(ctx, t, copyPool); n < 10 {
		t.Fatalf("checked %d sequences, want the ledger's (at least 10)", n)
	}
	// The message in flight at the dump is in flight on the copy too,
	// under the original's lease: the copy sends it again once the lease
	// ends (push.DefaultLease), though Telegram delivered it. At most the
	// messages in flight at the dump (SENDER_WORKERS per replica) go twice.
	var status string
	var owner *string
	if err := copyPool.QueryRow(ctx, `SELECT status, lease_owner FROM outbox WHERE id = $1`, held).Scan(&status, &owner); err != nil {
		t.Fatal(err)
	}
	if status != "sending" || owner == nil {
		t.Fatalf("the message in flight at the dump is %s on the copy (owner %v), want sending under the original's lease", status, owner)
	}

	cp, applied := harnessOn(t, tg, copyPool, clk, nil)
	if applied != 0 {
		t.Fatalf("the restored database needed %d migrations, want none", applied)
	}
	cp.nextID.Store(orig.nextID.Load())
	before := len(tg.Calls())
	// "Nothing sent again" below counts a row's sends by its chat and text:
	// that count must find each row's own send first, or it would find no
	// repeat either.
	for _, r := range sent {
		if n := sends(tg.Calls()[:before], r); n != 1 {
			t.Fatalf("message %d (%s, chat %d), sent before the dump, is found %d times among the original's calls, want once: "+
				"the drill could not see it sent again", r.ID, r.Kind, r.ChatID, n)
		}
	}
	cp.start()

	// What was pending is sent from the copy, once each.
	for _, r := range pending {
		cp.waitFor("a pending message sent from the copy", func() bool { return sends(tg.Calls()[before:], r) == 1 })
	}
	cp.waitFor("the pending messages marked sent", func() bool {
		return cp.count(`SELECT count(*) FROM outbox WHERE id = ANY($1) AND status = 'sent'`, ids(pending)) == len(pending)
	})

	// Tuesday's jobs ran on the original: their periods are complete on the
	// copy, and run again by hand they find every message already queued.
	if n, ran := cp.catchUp(); n != 0 || ran != 0 {
		t.Fatalf("the copy's catch-up ran %d periods and enqueued %d messages, want none: the dump holds Tuesday's runs", ran, n)
	}
	for _, job := range []string{"reminders", "churn", "escalation", "digest", "greetings"} {
		if n := cp.runJob(job); n != 0 {
			t.Fatalf("%s run again on the copy enqueued %d, want 0", job, n)
		}
	}

	// Searches and cards read the same on the copy.
	if got := cp.say(l.alice, "hwkj"); got.Text != search.Text || !reflect.DeepEqual(got.Inline, search.Inline) {
		t.Fatalf("search on the copy:\n%s\n%v\nbefore the dump:\n%s\n%v", got.Text, got.Inline, search.Text, search.Inline)
	}
	if got := cp.openCard(l.alice, "acme", "Acme Trading"); got.Text != card.Text || !reflect.DeepEqual(got.Inline, card.Inline) {
		t.Fatalf("card on the copy:\n%s\n%v\nbefore the dump:\n%s\n%v", got.Text, got.Inline, card.Text, card.Inline)
	}
	// A button sent before the backup still works.
	mustContain(t, cp.press(l.alice, l.notice, "View").Text, "Late delivery of batch 7")
	// The draft lived in Redis: Bob is told it is gone, and starts again.
	mustContain(t, cp.say(l.bob, "Steel trading").Text, "lost when the system restarted", "/new")
	gamma := clientID(t, cp.createClient(l.bob, "Gamma Steel"))
	if gamma <= l.acme {
		t.Fatalf("a client created on the copy got id %d, not above the dump's (%d)", gamma, l.acme)
	}
	mustContain(t, cp.openCard(l.bob, "gamma", "Gamma Steel").Text, "Gamma Steel", "Owner: Bob")

	// Wednesday: the jobs run on the copy for the new period.
	clk.Add(24 * time.Hour)
	if n, ran := cp.catchUp(); n == 0 || ran == 0 {
		t.Fatalf("Wednesday's catch-up on the copy ran %d periods and enqueued %d, want some of both", ran, n)
	}
	cp.waitMessage(l.bob, "Follow-up overdue", "Beta Foods")

	// Only now, with later messages sent, is "nothing sent again" worth
	// checking: the sender takes the oldest rows first.
	calls := tg.Calls()[before:]
	for _, r := range sent {
		if n := sends(calls, r); n != 0 {
			t.Errorf("message %d (%s, chat %d), sent before the dump, was sent %d more time(s) from the copy", r.ID, r.Kind, r.ChatID, n)
		}
	}
	for _, r := range pending {
		if n := sends(tg.Calls(), r); n != 1 {
			t.Errorf("message %d (%s, pending at the dump) was sent %d times in all, want once", r.ID, r.Kind, n)
		}
	}
	after := readOutbox(ctx, t, cp.pool)
	for _, r := range sent {
		i := slices.IndexFunc(after, func(a outboxRow) bool { return a.ID == r.ID })
		if i < 0 || !sameSend(after[i], r) {
			t.Errorf("message %d, sent before the dump, is gone or changed on the copy", r.ID)
		}
	}
	if n := sends(tg.Calls(), outboxRow{ChatID: l.alice.ID, Text: inFlight.Text}); n != 1 && n != 2 {
		t.Errorf("the message in flight at the dump was sent %d times, want once, or twice once its lease ended", n)
	}
}

// dumpWhileRunning dumps the database with pg_dump -Fc while the bot keeps
// answering, and returns the census and outbox of the dump's snapshot with
// the dump's file. The test exports its own snapshot and hands it to
// pg_dump, so that what it reads is exactly what the dump holds; pg_dump
// alone takes a snapshot of the same kind.
func dumpWhileRunning(h *harness, db scratchDB, l drillLedger) (map[string]tableCensus, []outboxRow, string) {
	t := h.t
	t.Helper()
	ctx := t.Context()
	tx, err := h.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	var snapshot string
	if err := tx.QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
		t.Fatal(err)
	}
	census := takeCensus(ctx, t, tx)
	outbox := readOutbox(ctx, t, tx)
	// Users go on working while pg_dump runs; what they do now is not in
	// the dump.
	busy := []int64{h.tg.SendText(l.alice, "/today"), h.tg.SendText(l.maria, "/risk")}
	file := db.dump(t, t.TempDir(), snapshot)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range busy {
		h.waitDone(id)
	}
	return census, outbox, file
}

// checkCensus fails the test for every table whose rows on the copy differ
// from the dump's snapshot, or that one side lacks.
func checkCensus(t *testing.T, want, got map[string]tableCensus) {
	t.Helper()
	if len(want) < 30 {
		t.Fatalf("the snapshot holds %d tables, want the whole ledger", len(want))
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		w := want[name]
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("table %s is missing from the restored database", name)
		case g != w:
			t.Errorf("table %s: restored %d rows (digest %s), dumped %d (digest %s)", name, g.Rows, g.Digest, w.Rows, w.Digest)
		case w.Persistence == "u":
			t.Errorf("table %s is unlogged: a crash empties it, and pg_dump --no-unlogged-table-data leaves it out", name)
		default:
			t.Logf("%-24s %6d rows restored", name, g.Rows)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("table %s appeared in the restored database", name)
		}
	}
}
