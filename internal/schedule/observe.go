package schedule

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Observer is told of every job run, for metrics. took is measured on the
// real clock, not the business clock the jobs run on.
type Observer interface {
	JobRan(job string, ok bool, took time.Duration)
}

// observed reports a run to the scheduler's Observer, if it has one.
func (s *Scheduler) observed(job string, err error, start time.Time) {
	if s.Observer != nil {
		s.Observer.JobRan(job, err == nil, time.Since(start))
	}
}

// Period is where a job stands: the scheduled instant of the latest period
// it completed without error (zero when none), and of the latest period
// that is due and still run if missed (zero between catch-up windows, e.g.
// before a daily job's first instant of the day). Due after LastCompleted
// means the job has missed its period so far.
type Period struct {
	Job           string
	LastCompleted time.Time
	Due           time.Time
}

// Periods reads every job's Period, for metrics: one query over job_runs,
// which holds one row per job and period.
func (s *Scheduler) Periods(ctx context.Context) ([]Period, error) {
	rows, err := s.db.Query(ctx, `SELECT job, max(period) FROM job_runs
		WHERE job = ANY($1) AND finished_at IS NOT NULL AND error IS NULL GROUP BY job`, s.names())
	if err != nil {
		return nil, fmt.Errorf("job periods: %w", err)
	}
	type last struct {
		Job    string
		Period string
	}
	done, err := pgx.CollectRows(rows, pgx.RowToStructByPos[last])
	if err != nil {
		return nil, fmt.Errorf("job periods: %w", err)
	}
	completed := make(map[string]time.Time, len(done))
	for _, d := range done {
		// Periods are written in periodLayout, which sorts as it reads.
		if t, err := time.ParseInLocation(periodLayout, d.Period, s.loc); err == nil {
			completed[d.Job] = t
		}
	}
	now := s.now()
	out := make([]Period, 0, len(s.jobs))
	for _, e := range s.jobs {
		p := Period{Job: e.Name, LastCompleted: completed[e.Name]}
		if at, ok := e.latest(now, s.loc); ok {
			p.Due = at
		}
		out = append(out, p)
	}
	return out, nil
}
