package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/metrics/metricstest"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// scrape reads the harness's /metrics over HTTP, as Prometheus does.
func (h *harness) scrape() metricstest.Families {
	h.t.Helper()
	return metricstest.Scrape(h.t, h.admin()+"/metrics")
}

// grew is how much the series name{labels} grew from before to after.
func grew(t *testing.T, before, after metricstest.Families, name string, labels ...string) float64 {
	t.Helper()
	was, _ := before.Value(name, labels...)
	return after.Must(t, name, labels...) - was
}

func TestMetricsCountEveryUpdateOfAPipelineRunByKind(t *testing.T) {
	t.Parallel()
	h := setupWith(t, adminEnv(t, nil))
	h.waitReadyz(200, "postgres ok")
	east := h.team("East")
	const users, texts, presses = 10, 20, 10
	us := make([]telegramtest.User, users)
	for i := range us {
		us[i] = h.join(fmt.Sprintf("Sales%d", i), access.Sales, east, "en")
	}
	acme := clientID(t, h.createClient(us[0], "Acme Trading"))
	before := h.scrape()

	// Every salesperson searches and opens cards at once, as in the
	// pipeline benchmark: the updates queue at the Bot API and the intake
	// works through them with all its workers.
	var mu sync.Mutex
	var ids []int64
	var wg sync.WaitGroup
	for _, u := range us {
		wg.Go(func() {
			var mine []int64
			for i := range texts + presses {
				if i%3 == 2 { // presses of 30: every third
					mine = append(mine, h.tg.PressButton(u, lastID(h.tg, u), "c:"+strconv.FormatInt(acme, 10)))
					continue
				}
				mine = append(mine, h.tg.SendText(u, "acme"))
			}
			mu.Lock()
			ids = append(ids, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	for _, id := range ids {
		h.waitDone(id)
	}
	after := h.scrape()

	msgs := h.count(`SELECT count(*) FROM updates WHERE payload::jsonb ? 'message' AND update_id = ANY($1)`, ids)
	cbs := h.count(`SELECT count(*) FROM updates WHERE payload::jsonb ? 'callback_query' AND update_id = ANY($1)`, ids)
	if msgs+cbs != users*(texts+presses) || cbs == 0 || msgs == 0 {
		t.Fatalf("sent %d messages and %d button presses, want %d updates of both kinds", msgs, cbs, users*(texts+presses))
	}
	for kind, n := range map[string]int{"message": msgs, "callback_query": cbs} {
		for _, name := range []string{"ledgerbot_updates_received_total", "ledgerbot_updates_handled_total",
			"ledgerbot_update_handling_duration_seconds"} {
			if got := grew(t, before, after, name, "kind", kind); got != float64(n) {
				t.Errorf("%s{kind=%q} grew by %v, want %d", name, kind, got, n)
			}
		}
		if got := grew(t, before, after, "ledgerbot_updates_failed_total", "kind", kind); got != 0 {
			t.Errorf("ledgerbot_updates_failed_total{kind=%q} grew by %v, want 0", kind, got)
		}
	}
	// Every text is one search of a client's name in Latin letters.
	if got := grew(t, before, after, "ledgerbot_search_duration_seconds", "strategy", "letters"); got != float64(msgs) {
		t.Errorf("searches counted %v, want %d", got, msgs)
	}
	if v := after.Must(t, "ledgerbot_intake_pending_updates"); v != 0 {
		t.Errorf("intake backlog %v after every update was handled, want 0", v)
	}
	if v := after.Must(t, "ledgerbot_stats_up"); v != 1 {
		t.Errorf("ledgerbot_stats_up = %v, want 1", v)
	}
	if v := after.Must(t, "ledgerbot_intake_progress_timestamp_seconds"); v < float64(time.Now().Add(-time.Hour).Unix()) {
		t.Errorf("intake progress %v is not recent", v)
	}
	// Go's runtime and the process are there too, from the registry of our own.
	after.Must(t, "go_goroutines")
	after.Must(t, "process_resident_memory_bytes")
	// No label names anyone: a few kinds, results and jobs only.
	for name := range after {
		for _, l := range after.Labels(name) {
			if strings.Contains(l, "chat") || strings.Contains(l, "user") || strings.Contains(l, "client") || l == "id" {
				t.Errorf("%s has the label %q", name, l)
			}
		}
	}
	lintScrape(t, after)
}

// lintScrape checks ledgerbot's own metrics against Prometheus's naming
// conventions (promlint: units, _total on counters, help texts).
func lintScrape(t *testing.T, fams metricstest.Families) {
	t.Helper()
	var ours []*dto.MetricFamily
	for name, mf := range fams {
		if strings.HasPrefix(name, "ledgerbot_") {
			ours = append(ours, mf)
		}
	}
	problems, err := promlint.NewWithMetricFamilies(ours).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("metric %s: %s", p.Metric, p.Text)
	}
}

func TestMetricsCountSendsByTelegramsAnswerAndTheOutboxDrains(t *testing.T) {
	t.Parallel()
	h := setupWith(t, adminEnv(t, nil))
	h.waitReadyz(200, "postgres ok")
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	before := h.scrape()

	// Telegram answers the first send 429 (retry after 1 s): the chat is
	// paused, the message goes out after, and so do the two behind it.
	h.tg.FailNext("sendMessage", 1, 429, "Too Many Requests: retry after 1", 1)
	var msgs []outbox.Message
	for i := range 3 {
		msgs = append(msgs, outbox.Message{Key: fmt.Sprintf("metrics-test:%d", i), ChatID: alice.ID, Kind: "digest",
			Text: fmt.Sprintf("digest %d", i)})
	}
	if _, err := outbox.Enqueue(context.Background(), h.pool, msgs...); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the three messages sent", func() bool {
		return h.count(`SELECT count(*) FROM outbox WHERE dedup_key LIKE 'metrics-test:%' AND status = 'sent'`) == 3
	})
	after := h.scrape()
	for result, want := range map[string]float64{"ok": 3, "429": 1, "5xx": 0, "403": 0, "other": 0} {
		if got := grew(t, before, after, "ledgerbot_sends_total", "result", result); got != want {
			t.Errorf("ledgerbot_sends_total{result=%q} grew by %v, want %v", result, got, want)
		}
	}
	for _, status := range []string{"pending", "sending", "failed", "unreachable"} {
		if v := after.Must(t, "ledgerbot_outbox_messages", "status", status); v != 0 {
			t.Errorf("ledgerbot_outbox_messages{status=%q} = %v, want 0", status, v)
		}
	}
	if v := after.Must(t, "ledgerbot_outbox_oldest_due_age_seconds"); v != 0 {
		t.Errorf("oldest due outbox message %v s old with none pending", v)
	}

	// A message Telegram refuses for good ends failed, and the gauge shows it.
	h.tg.FailChat(alice.ID, 1, 400, "Bad Request: chat not found", 0)
	if _, err := outbox.Enqueue(context.Background(), h.pool, outbox.Message{Key: "metrics-test:refused", ChatID: alice.ID,
		Kind: "digest", Text: "refused"}); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the refused message to end failed", func() bool {
		return h.count(`SELECT count(*) FROM outbox WHERE dedup_key = 'metrics-test:refused' AND status = 'failed'`) == 1
	})
	final := h.scrape()
	if v := final.Must(t, "ledgerbot_outbox_messages", "status", "failed"); v != 1 {
		t.Errorf("ledgerbot_outbox_messages{status=failed} = %v, want 1", v)
	}
	if got := grew(t, after, final, "ledgerbot_sends_total", "result", "other"); got != 1 {
		t.Errorf("a 400 counted %v sends as other, want 1", got)
	}
}

func TestMetricsCountAJobRunWithTheRunsPeriod(t *testing.T) {
	t.Parallel()
	// The scheduler catches up at start as of the harness clock (Monday
	// 2026-11-23 09:30): the reminders of 09:00 are due and run once.
	h := setupWith(t, adminEnv(t, map[string]string{"SCHEDULER": "true"}))
	var fams metricstest.Families
	h.waitFor("the catch-up's last job (value) counted", func() bool {
		if _, _, err := tryGet(h.admin() + "/healthz"); err != nil {
			return false
		}
		fams = h.scrape()
		_, ok := fams.Value("ledgerbot_job_runs_total", "job", "value")
		return ok
	})
	nine := time.Date(2026, 11, 23, 9, 0, 0, 0, shanghai)
	if v := fams.Must(t, "ledgerbot_job_runs_total", "job", "reminders", "result", "ok"); v != 1 {
		t.Errorf("reminders ran %v times, want 1", v)
	}
	if _, ok := fams.Value("ledgerbot_job_runs_total", "job", "reminders", "result", "failed"); ok {
		t.Error("a failed reminders run counted")
	}
	if v := fams.Must(t, "ledgerbot_job_run_duration_seconds", "job", "reminders"); v != 1 {
		t.Errorf("reminders' duration observed %v times, want 1", v)
	}
	if v := fams.Must(t, "ledgerbot_job_last_completed_period_timestamp_seconds", "job", "reminders"); v != float64(nine.Unix()) {
		t.Errorf("reminders' last completed period %v, want %d (%s)", v, nine.Unix(), nine)
	}
	if v := fams.Must(t, "ledgerbot_job_due_period_timestamp_seconds", "job", "reminders"); v != float64(nine.Unix()) {
		t.Errorf("reminders' due period %v, want %d (%s)", v, nine.Unix(), nine)
	}
	// The digest of next Monday is not due: a weekly job's due period is
	// this Monday's, and it ran too.
	if v := fams.Must(t, "ledgerbot_job_last_completed_period_timestamp_seconds", "job", "digest"); v != float64(nine.Unix()) {
		t.Errorf("digest's last completed period %v, want %d", v, nine.Unix())
	}
}
