package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/push/pushtest"
	"github.com/ledgerbot/ledgerbot/internal/config"
)

// TestTwoReplicasEnqueueAndSendEveryScheduledMessageOnce runs what two
// replicas of the bot run at once — two schedulers catching up every job on
// a Monday morning and two senders — over one ledger, and checks that each
// message reached Telegram exactly once.
func TestTwoReplicasEnqueueAndSendEveryScheduledMessageOnce(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := e.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`INSERT INTO teams (id, name) VALUES (1, 'East')`)
	exec(`INSERT INTO staff (id, telegram_id, chat_id, name, role, team_id, lang) VALUES
		(1, 5001, 5001, 'Maria', 'manager', 1, 'zh'), (2, 5002, 5002, 'Alice', 'sales', 1, 'en'), (3, 5003, 5003, 'Bob', 'sales', 1, 'zh')`)
	// 6 key clients, each due for review today and 61 days without contact:
	// review reminders to the owners and churn alerts to the manager (whose
	// chat takes one message a second, hence so few).
	for i := range 6 {
		exec(`INSERT INTO clients (team_id, owner_id, name, tier, stage, created_at, updated_at, last_contact_at, next_review_on)
			VALUES (1, $1, $2, 'key', 'active', '2026-01-05', '2026-01-05', '2026-09-23 10:00+08', '2026-11-23')`, 2+i%2, fmt.Sprintf("客户%02d", i))
	}

	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 30, 0, 0, cfg.Push.CronLocation) }
	log := slog.New(slog.DiscardHandler)
	e.Start(e.Config())
	e.Start(e.Config())
	var wg sync.WaitGroup
	for range 2 {
		jobs, err := buildJobs(cfg, e.Pool, now, log)
		if err != nil {
			t.Fatal(err)
		}
		s := jobs.sched
		for range 2 {
			wg.Go(func() {
				if err := s.CatchUp(ctx); err != nil {
					t.Errorf("catch up: %v", err)
				}
			})
		}
	}
	wg.Wait()

	var rows, reviews, alerts, runs int
	if err := e.Pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE kind = 'review'), count(*) FILTER (WHERE kind = 'churn'),
		(SELECT count(*) FROM job_runs) FROM outbox`).Scan(&rows, &reviews, &alerts, &runs); err != nil {
		t.Fatal(err)
	}
	if reviews != 6 || alerts != 6 || runs != len(config.JobNames) {
		t.Fatalf("enqueued %d reviews (want 6), %d churn alerts (want 6), %d job runs (want %d, one per job)",
			reviews, alerts, runs, len(config.JobNames))
	}
	if st := e.WaitSettled(time.Minute); st.Sent != int64(rows) {
		t.Fatalf("%d of %d rows sent: %+v", st.Sent, rows, st)
	}
	// Every row reached its chat exactly once.
	sent := map[string]int{}
	for _, c := range e.TG.Calls() {
		if c.Method == "sendMessage" {
			sent[c.Params["chat_id"]+"|"+c.Params["text"]]++
		}
		if c.Method == "sendPhoto" {
			sent[c.Params["chat_id"]+"|"+c.Params["caption"]]++
		}
	}
	got, err := e.Pool.Query(ctx, `SELECT chat_id, text FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	for got.Next() {
		var chat int64
		var text string
		if err := got.Scan(&chat, &text); err != nil {
			t.Fatal(err)
		}
		if n := sent[fmt.Sprint(chat)+"|"+text]; n != 1 {
			t.Errorf("message to %d sent %d times:\n%s", chat, n, text)
		}
	}
	if err := got.Err(); err != nil {
		t.Fatal(err)
	}
}
