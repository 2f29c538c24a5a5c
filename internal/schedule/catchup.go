package schedule

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// maxRounds bounds how often one catch-up runs a job: a run that lasts past
// the job's next instant runs once more for that new period.
const maxRounds = 3

// CatchUp runs, for each job, the most recent scheduled instant at or before
// now() when it lies in now's day (week, month for weekly, monthly jobs) and its period has
// not completed. Each outcome is logged here; the returned error joins the
// failures for callers that want them.
func (s *Scheduler) CatchUp(ctx context.Context) error {
	var errs []error
	for _, e := range s.jobs {
		if err := s.catchUp(ctx, e); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// catchUp brings one job up to date; a cron tick calls it too, so a tick and
// a restart decide alike which period is due.
func (s *Scheduler) catchUp(ctx context.Context, e *entry) error {
	var last string
	for range maxRounds {
		at, ok := e.latest(s.now(), s.loc)
		if !ok {
			return nil
		}
		p := period(at, s.loc)
		if p == last {
			return nil
		}
		last = p
		n, ran, err := s.runPeriod(ctx, e, at, false)
		switch {
		case errors.Is(err, ErrBusy):
			s.log.Debug("job running elsewhere, skipped", slog.String("job", e.Name), slog.String("period", p))
			return nil
		case err != nil:
			s.log.Error("job failed", slog.String("job", e.Name), slog.String("period", p), slog.Any("error", err))
			return err
		case ran:
			s.log.Info("job ran", slog.String("job", e.Name), slog.String("period", p), slog.Int("enqueued", n))
		}
	}
	return nil
}

// Start catches up once, then runs every job on its schedule until ctx ends,
// in the background, catching up again every Sweep so a failed run is
// retried within the same period; Wait returns once it has stopped.
// Overlapping runs of a job are skipped and panics recovered and logged.
func (s *Scheduler) Start(ctx context.Context) {
	logger := cronLogger{s.log}
	c := cron.New(cron.WithLocation(s.loc), cron.WithParser(parser), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for _, e := range s.jobs {
		c.Schedule(e.sched, cron.FuncJob(func() { _ = s.catchUp(ctx, e) }))
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.CatchUp(ctx) // each failure is logged and retried at its next tick
		if ctx.Err() != nil {
			return
		}
		c.Start()
		s.log.Info("scheduler started", slog.Int("jobs", len(s.jobs)), slog.String("zone", s.loc.String()))
		sweep := time.NewTicker(s.Sweep)
		defer sweep.Stop()
		for {
			select {
			case <-sweep.C:
				// A period done or running elsewhere costs one lookup.
				_ = s.CatchUp(ctx)
				s.log.Debug("sweep done")
			case <-ctx.Done():
				<-c.Stop().Done()
				return
			}
		}
	}()
}

// Wait blocks until the scheduler started by Start has stopped and its
// running jobs have returned.
func (s *Scheduler) Wait() { s.wg.Wait() }

// cronLogger passes cron's own messages to slog: its chatter (wake, run,
// skip) at debug level, errors such as recovered panics at error level.
type cronLogger struct{ log *slog.Logger }

// Info logs cron's routine messages at debug level.
func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron "+msg, kv...) }

// Error logs cron's errors.
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron "+msg, append([]any{slog.Any("error", err)}, kv...)...)
}
