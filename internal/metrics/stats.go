package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

// statsTimeout bounds the queries of one scrape: a slow database makes the
// scrape leave these gauges out (ledgerbot_stats_up 0), never hang it.
const statsTimeout = 2 * time.Second

// Intake is the intake's queue as the stats read it (bot/intake.Intake).
type Intake interface {
	// Backlog is how many recorded updates wait to be handled, by every
	// replica, and how long the oldest of them has waited.
	Backlog(ctx context.Context) (pending int64, oldest time.Duration, err error)
	// Progress is when this process's intake last moved: a claim round of
	// its dispatcher, or an update finished.
	Progress() time.Time
}

// Outbox is the outbox's depth (internal/outbox.Store).
type Outbox interface {
	Depth(ctx context.Context) (outbox.Depth, error)
}

// Jobs is the scheduled jobs' periods (internal/schedule.Scheduler).
type Jobs interface {
	Periods(ctx context.Context) ([]schedule.Period, error)
}

// Sources are what the stats read at scrape time; a nil one is left out.
type Sources struct {
	Intake Intake
	Outbox Outbox
	Jobs   Jobs
	Log    *slog.Logger
}

// stats is a collector that asks PostgreSQL at scrape time. The queries are
// cheap (partial indexes of the rows still open, a small table of runs), so
// they run on every scrape instead of on a timer of their own, and the
// gauges are never older than the scrape.
type stats struct {
	src Sources

	up, pending, pendingAge, progress, outboxRows, outboxAge, lastPeriod, duePeriod *prometheus.Desc
}

// RegisterStats registers the gauges read from PostgreSQL at scrape time.
func RegisterStats(reg prometheus.Registerer, src Sources) error {
	if src.Log == nil {
		src.Log = slog.New(slog.DiscardHandler)
	}
	name := func(n string) string { return prometheus.BuildFQName(namespace, "", n) }
	s := &stats{
		src: src,
		up: prometheus.NewDesc(name("stats_up"),
			"1 when the scrape-time database queries (intake backlog, outbox, jobs) answered, 0 when one failed or timed out.", nil, nil),
		pending: prometheus.NewDesc(name("intake_pending_updates"),
			"Recorded updates not yet handled, across every replica.", nil, nil),
		pendingAge: prometheus.NewDesc(name("intake_oldest_pending_age_seconds"),
			"How long the oldest unhandled update has waited since it was recorded; 0 when none waits.", nil, nil),
		progress: prometheus.NewDesc(name("intake_progress_timestamp_seconds"),
			"When this process's intake last moved (a claim round or an update finished), in Unix seconds.", nil, nil),
		outboxRows: prometheus.NewDesc(name("outbox_messages"),
			"Outbox messages not sent, by status: pending, sending, failed (refused or kept failing), unreachable (403).",
			[]string{"status"}, nil),
		outboxAge: prometheus.NewDesc(name("outbox_oldest_due_age_seconds"),
			"How long the oldest pending outbox message has been due; 0 when none is.", nil, nil),
		lastPeriod: prometheus.NewDesc(name("job_last_completed_period_timestamp_seconds"),
			"The scheduled instant of the latest period the job completed without error, by any replica, in Unix seconds; 0 when none.",
			[]string{"job"}, nil),
		duePeriod: prometheus.NewDesc(name("job_due_period_timestamp_seconds"),
			"The scheduled instant of the job's latest period that is due and still run if missed, in Unix seconds; absent between windows.",
			[]string{"job"}, nil),
	}
	return reg.Register(s)
}

// Describe sends every gauge's description.
func (s *stats) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{s.up, s.pending, s.pendingAge, s.progress, s.outboxRows, s.outboxAge, s.lastPeriod, s.duePeriod} {
		ch <- d
	}
}

// Collect queries the sources and sends what they answered.
func (s *stats) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), statsTimeout)
	defer cancel()
	up := 1.0
	failed := func(what string, err error) {
		up = 0
		s.src.Log.Warn("metrics: read "+what, slog.Any("error", err))
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	if in := s.src.Intake; in != nil {
		if p := in.Progress(); !p.IsZero() {
			gauge(s.progress, float64(p.UnixMilli())/1e3)
		}
		if n, oldest, err := in.Backlog(ctx); err != nil {
			failed("intake backlog", err)
		} else {
			gauge(s.pending, float64(n))
			gauge(s.pendingAge, oldest.Seconds())
		}
	}
	if ob := s.src.Outbox; ob != nil {
		if d, err := ob.Depth(ctx); err != nil {
			failed("outbox depth", err)
		} else {
			gauge(s.outboxRows, float64(d.Pending), outbox.StatusPending)
			gauge(s.outboxRows, float64(d.Sending), outbox.StatusSending)
			gauge(s.outboxRows, float64(d.Failed), outbox.StatusFailed)
			gauge(s.outboxRows, float64(d.Unreachable), outbox.StatusUnreachable)
			gauge(s.outboxAge, d.OldestDue.Seconds())
		}
	}
	if jobs := s.src.Jobs; jobs != nil {
		if ps, err := jobs.Periods(ctx); err != nil {
			failed("job periods", err)
		} else {
			for _, p := range ps {
				// 0 for a job that never completed: an alert comparing it
				// with the due period fires for it too.
				var last float64
				if !p.LastCompleted.IsZero() {
					last = float64(p.LastCompleted.Unix())
				}
				gauge(s.lastPeriod, last, p.Job)
				if !p.Due.IsZero() {
					gauge(s.duePeriod, float64(p.Due.Unix()), p.Job)
				}
			}
		}
	}
	gauge(s.up, up)
}
