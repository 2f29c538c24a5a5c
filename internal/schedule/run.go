package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// lockClass is the first key of the jobs' session advisory locks; the second
// is a hash of the schema and the job's name, so ledgers in different schemas
// of one database (as in tests) do not block each other.
const lockClass = 0x6a6f62 // "job"

// RunNow runs the named job as of at (read in the zone) and records the run
// under at's period, even when that period already completed: operators use
// it to redo a day, and the job's dedup keys keep it from enqueuing twice.
// It returns ErrBusy when the job is running elsewhere, and the job's own
// error when it fails (recorded too, so the next tick retries the period).
func (s *Scheduler) RunNow(ctx context.Context, name string, at time.Time) (int, error) {
	e, err := s.job(name)
	if err != nil {
		return 0, fmt.Errorf("run job: %w", err)
	}
	n, _, err := s.runPeriod(ctx, e, at.In(s.loc), true)
	if err != nil {
		return n, fmt.Errorf("run job %s: %w", name, err)
	}
	return n, nil
}

// runPeriod runs e for the period of at under the job's advisory lock. It
// skips (ran false) a period already completed unless force is set, and
// returns ErrBusy without running when another session holds the lock.
func (s *Scheduler) runPeriod(ctx context.Context, e *entry, at time.Time, force bool) (n int, ran bool, err error) {
	// The lock lives on a connection of its own, outside the pool: jobs that
	// hold a pooled connection while waiting for others could exhaust the
	// pool when several start at once.
	conn, err := pgx.ConnectConfig(ctx, s.db.Config().ConnConfig.Copy())
	if err != nil {
		return 0, false, fmt.Errorf("connect for job lock: %w", err)
	}
	// Ending the session releases its advisory lock, even when an explicit
	// unlock could not be sent.
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1::int, hashtext(current_schema() || '/' || $2::text))`,
		lockClass, e.Name).Scan(&locked); err != nil {
		return 0, false, fmt.Errorf("take job lock: %w", err)
	}
	if !locked {
		return 0, false, ErrBusy
	}

	p := period(at, s.loc)
	if !force {
		var done bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM job_runs WHERE job = $1 AND period = $2
			AND finished_at IS NOT NULL AND error IS NULL)`, e.Name, p).Scan(&done); err != nil {
			return 0, false, fmt.Errorf("read job runs: %w", err)
		}
		if done {
			return 0, false, nil
		}
	}
	if _, err := conn.Exec(ctx, `INSERT INTO job_runs (job, period, started_at) VALUES ($1, $2, $3)
		ON CONFLICT (job, period) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL,
			enqueued = 0, error = NULL, attempts = job_runs.attempts + 1`, e.Name, p, s.now()); err != nil {
		return 0, false, fmt.Errorf("record job start: %w", err)
	}
	start := time.Now()
	n, runErr := s.call(ctx, e, at)
	s.observed(e.Name, runErr, start)
	var errText *string
	if runErr != nil {
		// Operators read this in /jobs and `ledgerbot jobs list`: a short
		// cause; the whole error is logged where the run is handled.
		msg := postgres.Cause(runErr)
		if errors.Is(runErr, errPanicked) {
			msg = "panicked"
		}
		errText = &msg
	}
	// The outcome is recorded even when ctx ended during the run, so that a
	// cancelled run reads as failed and is retried.
	if _, err := conn.Exec(context.WithoutCancel(ctx), `UPDATE job_runs SET finished_at = $3, enqueued = $4, error = $5
		WHERE job = $1 AND period = $2`, e.Name, p, s.now(), n, errText); err != nil {
		return n, true, errors.Join(runErr, fmt.Errorf("record job end: %w", err))
	}
	return n, true, runErr
}

// errPanicked is a job run that panicked.
var errPanicked = errors.New("panic")

// call runs the job, turning a panic into an error so that it is recorded
// and the period retried, and logging the stack once here.
func (s *Scheduler) call(ctx context.Context, e *entry, at time.Time) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("job panicked", slog.String("job", e.Name), slog.String("period", period(at, s.loc)),
				slog.String("panic", fmt.Sprint(r)), slog.String("stack", string(debug.Stack())))
			n, err = 0, fmt.Errorf("%w: %v", errPanicked, r)
		}
	}()
	return e.Run(ctx, at)
}
