package intake_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ledgerbot/ledgerbot/bot/intake"
	"github.com/ledgerbot/ledgerbot/internal/health"
	"github.com/ledgerbot/ledgerbot/internal/metrics"
	"github.com/ledgerbot/ledgerbot/internal/metrics/metricstest"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// buttonPress is a callback_query update of chat.
func buttonPress(id, chat int64) json.RawMessage {
	raw, _ := json.Marshal(map[string]any{"update_id": id, "callback_query": map[string]any{
		"id": "q", "chat_instance": "c", "data": "x", "from": map[string]any{"id": chat, "first_name": "U"},
		"message": map[string]any{"message_id": 1, "date": 1, "chat": map[string]any{"id": chat, "type": "private"}}}})
	return raw
}

func TestObserverCountsUpdatesByKindAndThoseGivenUp(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	reg := prometheus.NewRegistry()
	m := metrics.New(reg, intake.AllowedUpdates...)
	h := newRecorder()
	// Update 7 fails for a reason no retry helps: tried 3 times, given up.
	h.fail = func(u *models.Update) error {
		if u.ID == 7 {
			return errors.New("a bug")
		}
		return nil
	}
	in := intake.New(pool, quiet(), h, intake.Config{Workers: 2, Backoff: time.Millisecond, Observer: m})
	var batch []json.RawMessage
	for id := int64(1); id <= 10; id++ {
		batch = append(batch, message(id, id%3+1))
	}
	for id := int64(11); id <= 14; id++ {
		batch = append(batch, buttonPress(id, 1))
	}
	if _, err := in.Record(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	if n, _, err := in.Backlog(context.Background()); err != nil || n != 14 {
		t.Fatalf("backlog before the intake runs: %d, %v; want 14", n, err)
	}
	run(t, in)
	waitProcessed(t, pool, 14)
	// The give-up is counted just after its transaction commits.
	var fams metricstest.Families
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		fams = metricstest.Gather(t, reg)
		if v, _ := fams.Value("ledgerbot_updates_failed_total", "kind", "message"); v == 1 || time.Now().After(deadline) {
			break
		}
	}
	for _, c := range []struct {
		name string
		kind string
		want float64
	}{
		{"ledgerbot_updates_received_total", "message", 10},
		{"ledgerbot_updates_received_total", "callback_query", 4},
		{"ledgerbot_updates_handled_total", "message", 9},
		{"ledgerbot_updates_handled_total", "callback_query", 4},
		{"ledgerbot_update_handling_duration_seconds", "message", 9},
		{"ledgerbot_updates_failed_total", "message", 1},
		{"ledgerbot_updates_failed_total", "callback_query", 0},
		{"ledgerbot_update_attempt_failures_total", "message", 3},
	} {
		if got := fams.Must(t, c.name, "kind", c.kind); got != c.want {
			t.Errorf("%s{kind=%q} = %v, want %v", c.name, c.kind, got, c.want)
		}
	}
	if got := fams.Must(t, "ledgerbot_update_attempt_failures_total", "kind", "message", "transient", "false"); got != 3 {
		t.Errorf("permanent attempt failures %v, want 3", got)
	}
	if n, age, err := in.Backlog(context.Background()); err != nil || n != 0 || age != 0 {
		t.Errorf("backlog after: %d, %v, %v; want 0, 0", n, age, err)
	}
	if p := in.Progress(); p.IsZero() || time.Since(p) > time.Minute {
		t.Errorf("progress %v after handling updates", p)
	}
}

func TestStalledWhenUpdatesWaitAndTheIntakeDoesNotMove(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	in := intake.New(pool, quiet(), newRecorder(), intake.Config{})
	check := health.Stalled(in, time.Minute, time.Now)
	ctx := context.Background()
	if err := check.Run(ctx); err != nil {
		t.Fatalf("nothing waits, yet: %v", err)
	}
	// An update recorded ten minutes ago, and an intake that never ran.
	if _, err := in.Record(ctx, []json.RawMessage{message(1, 5)}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE updates SET received_at = now() - interval '10 minutes'`); err != nil {
		t.Fatal(err)
	}
	n, age, err := in.Backlog(ctx)
	if err != nil || n != 1 || age < 9*time.Minute {
		t.Fatalf("backlog %d, oldest %v, %v; want 1 about 10 minutes old", n, age, err)
	}
	err = check.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "stalled: 1 updates pending") {
		t.Fatalf("an old update and an intake that never ran: %v, want stalled", err)
	}
	// Once the intake runs it moves (and handles the update): not stalled.
	stop := run(t, in)
	waitProcessed(t, pool, 1)
	if err := check.Run(ctx); err != nil {
		t.Errorf("after the intake ran: %v", err)
	}
	// Stopped, with an old update waiting: no stall while the intake moved
	// within the minute, a stall once it has not moved for longer.
	stop()
	if _, err := in.Record(ctx, []json.RawMessage{message(2, 5)}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE updates SET received_at = now() - interval '10 minutes' WHERE update_id = 2`); err != nil {
		t.Fatal(err)
	}
	if err := check.Run(ctx); err != nil {
		t.Errorf("the intake moved within the minute: %v, want no stall", err)
	}
	late := health.Stalled(in, time.Minute, func() time.Time { return in.Progress().Add(2 * time.Minute) })
	if err := late.Run(ctx); err == nil || !strings.Contains(err.Error(), "has not moved for 2m0s") {
		t.Errorf("two minutes without moving, an update waiting: %v, want stalled", err)
	}
}
