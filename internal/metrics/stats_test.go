package metrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ledgerbot/ledgerbot/internal/metrics"
	"github.com/ledgerbot/ledgerbot/internal/metrics/metricstest"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

func TestStatsReadTheOutboxAndTheJobsPeriodsAtScrapeTime(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	ctx := context.Background()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 30, 0, 0, shanghai)
	sched, err := schedule.New(pool, shanghai, func() time.Time { return now }, nil,
		schedule.Job{Name: "daily", Spec: "0 9 * * *", Run: func(context.Context, time.Time) (int, error) { return 0, nil }},
		schedule.Job{Name: "evening", Spec: "0 18 * * *", Run: func(context.Context, time.Time) (int, error) { return 0, nil }})
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	m := metrics.New(reg)
	sched.Observer = m
	if err := metrics.RegisterStats(reg, metrics.Sources{Outbox: outbox.NewStore(pool), Jobs: sched}); err != nil {
		t.Fatal(err)
	}
	if _, err := outbox.Enqueue(ctx, pool,
		outbox.Message{Key: "a", ChatID: 1, Kind: "digest", Text: "a"},
		outbox.Message{Key: "b", ChatID: 2, Kind: "digest", Text: "b"},
		outbox.Message{Key: "c", ChatID: 3, Kind: "digest", Text: "c"}); err != nil {
		t.Fatal(err)
	}
	// One due for five minutes, one ended failed, one postponed (not due).
	if _, err := pool.Exec(ctx, `UPDATE outbox SET not_before = now() - interval '5 minutes' WHERE dedup_key = 'a';
		UPDATE outbox SET status = 'failed', failed_at = now() WHERE dedup_key = 'b';
		UPDATE outbox SET not_before = now() + interval '1 hour' WHERE dedup_key = 'c'`); err != nil {
		t.Fatal(err)
	}
	// As cron would: the run of 09:00.
	if _, err := sched.RunNow(ctx, "daily", time.Date(2026, 11, 23, 9, 0, 0, 0, shanghai)); err != nil {
		t.Fatal(err)
	}

	fams := metricstest.Gather(t, reg)
	for status, want := range map[string]float64{"pending": 2, "sending": 0, "failed": 1, "unreachable": 0} {
		if got := fams.Must(t, "ledgerbot_outbox_messages", "status", status); got != want {
			t.Errorf("outbox %s = %v, want %v", status, got, want)
		}
	}
	if age := fams.Must(t, "ledgerbot_outbox_oldest_due_age_seconds"); age < 299 || age > 3600 {
		t.Errorf("oldest due message %v s late, want about 300", age)
	}
	nine := time.Date(2026, 11, 23, 9, 0, 0, 0, shanghai).Unix()
	if got := fams.Must(t, "ledgerbot_job_last_completed_period_timestamp_seconds", "job", "daily"); got != float64(nine) {
		t.Errorf("daily's last completed period %v, want %d", got, nine)
	}
	if got := fams.Must(t, "ledgerbot_job_due_period_timestamp_seconds", "job", "daily"); got != float64(nine) {
		t.Errorf("daily's due period %v, want %d", got, nine)
	}
	if got := fams.Must(t, "ledgerbot_job_runs_total", "job", "daily", "result", "ok"); got != 1 {
		t.Errorf("daily's runs %v, want 1", got)
	}
	// The evening job never ran and is not due before 18:00.
	if got := fams.Must(t, "ledgerbot_job_last_completed_period_timestamp_seconds", "job", "evening"); got != 0 {
		t.Errorf("evening's last completed period %v, want 0 (never)", got)
	}
	if _, ok := fams.Value("ledgerbot_job_due_period_timestamp_seconds", "job", "evening"); ok {
		t.Error("evening's period is due at 09:30")
	}
	if up := fams.Must(t, "ledgerbot_stats_up"); up != 1 {
		t.Errorf("stats_up %v, want 1", up)
	}
}

func TestStatsLeaveTheirGaugesOutWhenTheDatabaseIsAway(t *testing.T) {
	t.Parallel()
	closed := pgtest.New(t)
	closed.Close()
	reg := metrics.NewRegistry()
	m := metrics.New(reg, "message")
	m.UpdateReceived("message")
	if err := metrics.RegisterStats(reg, metrics.Sources{Outbox: outbox.NewStore(closed)}); err != nil {
		t.Fatal(err)
	}
	fams := metricstest.Gather(t, reg)
	if up := fams.Must(t, "ledgerbot_stats_up"); up != 0 {
		t.Errorf("stats_up %v with the database away, want 0", up)
	}
	if _, ok := fams.Value("ledgerbot_outbox_messages"); ok {
		t.Error("outbox gauges served without the database")
	}
	// The counters and the runtime's metrics are still served.
	if got := fams.Must(t, "ledgerbot_updates_received_total", "kind", "message"); got != 1 {
		t.Errorf("received %v, want 1", got)
	}
	fams.Must(t, "go_goroutines")
}

func TestNilMetricsRecordNothingAndDoNotPanic(t *testing.T) {
	var m *metrics.Metrics
	m.UpdateReceived("message")
	m.UpdateHandled("message", time.Millisecond)
	m.UpdateAttemptFailed("message", true)
	m.UpdateFailed("message")
	m.Sent("ok")
	m.JobRan("daily", true, time.Second)
	m.Searched("han", time.Millisecond)
	m.ImportRows("created", 3)
	reg := prometheus.NewRegistry()
	real := metrics.New(reg)
	real.ImportRows("created", 3)
	real.ImportRows("failed", 0)
	fams := metricstest.Gather(t, reg)
	if got := fams.Must(t, "ledgerbot_import_rows_total", "result", "created"); got != 3 {
		t.Errorf("import rows created %v, want 3", got)
	}
	if _, ok := fams.Value("ledgerbot_import_rows_total", "result", "failed"); ok {
		t.Error("zero rows made a series")
	}
}

// stuck is a collector that holds every scrape until released, as the
// database gauges do while PostgreSQL is slow.
type stuck struct {
	desc    *prometheus.Desc
	entered chan struct{}
	release chan struct{}
}

func (s *stuck) Describe(ch chan<- *prometheus.Desc) { ch <- s.desc }
func (s *stuck) Collect(ch chan<- prometheus.Metric) {
	s.entered <- struct{}{}
	<-s.release
	ch <- prometheus.MustNewConstMetric(s.desc, prometheus.GaugeValue, 1)
}

func TestScrapesPilingUpAreRefusedBeyondMaxScrapes(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	s := &stuck{desc: prometheus.NewDesc("ledgerbot_test_stuck", "A collector holding the scrape.", nil, nil),
		entered: make(chan struct{}, 2*metrics.MaxScrapes), release: make(chan struct{})}
	reg.MustRegister(s)
	srv := httptest.NewServer(metrics.Handler(reg))
	t.Cleanup(srv.Close)
	scrape := func() int {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
		if err != nil {
			return 0
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	held := make(chan int, metrics.MaxScrapes)
	for range metrics.MaxScrapes {
		go func() { held <- scrape() }()
	}
	for range metrics.MaxScrapes {
		<-s.entered
	}
	// One more while those are held: refused, or it too would wait in
	// the collector (and hold a connection).
	extra := make(chan int, 1)
	go func() { extra <- scrape() }()
	select {
	case code := <-extra:
		if code != http.StatusServiceUnavailable {
			t.Errorf("scrape %d beyond the %d held answered %d, want 503", metrics.MaxScrapes+1, metrics.MaxScrapes, code)
		}
	case <-s.entered:
		t.Errorf("scrape %d reached the collector while %d were held", metrics.MaxScrapes+1, metrics.MaxScrapes)
	}
	close(s.release)
	for range metrics.MaxScrapes {
		if code := <-held; code != http.StatusOK {
			t.Errorf("a held scrape answered %d once released, want 200", code)
		}
	}
}
