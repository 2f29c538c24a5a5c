package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

const jobsUsage = `usage: ledgerbot jobs list|run

  ledgerbot jobs list                         each job, its schedule, last and next run
  ledgerbot jobs run NAME [--at YYYY-MM-DD]   run one job now (as of that date, at its scheduled time)
`

// jobs is the operators' view of the scheduled jobs. A run only enqueues
// into the outbox; a running bot sends the messages. Neither needs the
// Telegram token. The command line is checked before the database is
// touched.
func jobs(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return &usageError{msg: "jobs: missing command", usage: jobsUsage}
	}
	switch {
	case isHelp(args[0]):
		fmt.Fprint(stdout, jobsUsage)
		return nil
	case args[0] == "list":
		if len(args) > 1 {
			return &usageError{msg: fmt.Sprintf("jobs list takes no arguments, got %q", args[1:]), usage: jobsUsage}
		}
		return jobsList(ctx, cfg, log, stdout)
	case args[0] == "run":
		name, rest := "", args[1:]
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			name, rest = rest[0], rest[1:]
		}
		fs := flag.NewFlagSet("jobs run", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		atFlag := fs.String("at", "", "run as of this date (YYYY-MM-DD) in CRON_TZ")
		if err := fs.Parse(rest); errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, jobsUsage)
			return err
		} else if err != nil {
			return &usageError{msg: err.Error(), usage: jobsUsage}
		}
		extra := fs.Args()
		if name == "" && len(extra) > 0 { // jobs run --at DATE NAME
			name, extra = extra[0], extra[1:]
		}
		if name == "" || len(extra) > 0 {
			return &usageError{msg: "jobs run: want one job name", usage: jobsUsage}
		}
		var day time.Time
		if *atFlag != "" {
			var err error
			if day, err = time.ParseInLocation(time.DateOnly, *atFlag, cfg.Push.CronLocation); err != nil {
				return &usageError{msg: fmt.Sprintf("--at: want a date like 2027-02-06, got %q", *atFlag), usage: jobsUsage}
			}
		}
		return jobsRun(ctx, cfg, log, name, day, stdout)
	}
	return &usageError{msg: fmt.Sprintf("unknown jobs command %q", args[0]), usage: jobsUsage}
}

// scheduler opens the database, brought up to date, and the jobs on it.
func scheduler(ctx context.Context, cfg *config.Config, log *slog.Logger) (*schedule.Scheduler, func(), error) {
	pool, err := migrated(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	jobs, err := buildJobs(cfg, pool, time.Now, log)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return jobs.sched, pool.Close, nil
}

// jobsList prints each job, its schedule, its last run and its next one.
func jobsList(ctx context.Context, cfg *config.Config, log *slog.Logger, stdout io.Writer) error {
	sched, done, err := scheduler(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer done()
	list, err := sched.List(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "JOB\tSCHEDULE\tLAST PERIOD\tLAST RESULT\tNEXT RUN")
	for _, s := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Name, s.Spec, orDash(s.LastPeriod), lastResult(s),
			s.Next.In(cfg.Push.CronLocation).Format("2006-01-02 15:04 MST"))
	}
	return w.Flush()
}

// jobsRun runs job name now, or as of day (at its scheduled time) when day
// is set.
func jobsRun(ctx context.Context, cfg *config.Config, log *slog.Logger, name string, day time.Time, stdout io.Writer) error {
	sched, done, err := scheduler(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer done()
	at := time.Now().In(cfg.Push.CronLocation)
	if !day.IsZero() {
		if at, err = sched.ScheduledOn(name, day); err != nil {
			return err
		}
	}
	n, err := sched.RunNow(ctx, name, at)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s as of %s: %d message(s) enqueued\n", name, at.Format("2006-01-02 15:04 MST"), n)
	return nil
}

// lastResult says how the last run of a job ended.
func lastResult(s schedule.Status) string {
	switch {
	case s.LastPeriod == "":
		return "never run"
	case s.LastError != "":
		return "failed: " + s.LastError
	case s.LastFinished == nil:
		return "running or interrupted"
	}
	return fmt.Sprintf("%d enqueued", s.LastEnqueued)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
