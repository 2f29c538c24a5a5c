package schedule

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Status is what operators see of one job (`ledgerbot jobs list`, /jobs).
type Status struct {
	Name string
	Spec string
	// The most recent run, by start time; LastPeriod is "" when the job
	// never ran. LastFinished is nil while that run is in progress (or was
	// cut short by a crash); LastError is "" when it succeeded.
	LastPeriod   string
	LastStarted  time.Time
	LastFinished *time.Time
	LastEnqueued int
	LastError    string
	Attempts     int       // runs of LastPeriod so far (retries after failures)
	Next         time.Time // the next scheduled instant after now(), in the zone
}

// runRow is one row of job_runs.
type runRow struct {
	Job        string     `db:"job"`
	Period     string     `db:"period"`
	StartedAt  time.Time  `db:"started_at"`
	FinishedAt *time.Time `db:"finished_at"`
	Enqueued   int        `db:"enqueued"`
	Error      string     `db:"error"`
	Attempts   int        `db:"attempts"`
}

// List returns every job's status in the order the jobs were given.
func (s *Scheduler) List(ctx context.Context) ([]Status, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT ON (job) job, period, started_at, finished_at, enqueued,
		coalesce(error, '') AS error, attempts
		FROM job_runs WHERE job = ANY($1) ORDER BY job, started_at DESC, period DESC`, s.names())
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	runs, err := pgx.CollectRows(rows, pgx.RowToStructByName[runRow])
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	last := make(map[string]runRow, len(runs))
	for _, r := range runs {
		last[r.Job] = r
	}
	now := s.now()
	out := make([]Status, 0, len(s.jobs))
	for _, e := range s.jobs {
		st := Status{Name: e.Name, Spec: e.Spec, Next: e.sched.Next(now).In(s.loc)}
		if r, ok := last[e.Name]; ok {
			st.LastPeriod, st.LastStarted, st.LastFinished = r.Period, r.StartedAt, r.FinishedAt
			st.LastEnqueued, st.LastError, st.Attempts = r.Enqueued, r.Error, r.Attempts
		}
		out = append(out, st)
	}
	return out, nil
}
