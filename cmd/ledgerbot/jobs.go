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

	"github.com/ledgerbot/ledgerbot/bot"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

const jobsUsage = `usage:
  ledgerbot jobs list                         each job, its schedule, last and next run
  ledgerbot jobs run NAME [--at YYYY-MM-DD]   run one job now (as of that date, at its scheduled time)
`

// jobs is the operators' view of the scheduled jobs. A run only enqueues
// into the outbox; a running bot sends the messages.
func jobs(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(jobsUsage)
	}
	pool, err := migrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	sched, err := bot.NewScheduler(cfg, pool, time.Now, log)
	if err != nil {
		return err
	}
	loc := cfg.Push.CronLocation
	switch args[0] {
	case "list":
		list, err := sched.List(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "JOB\tSCHEDULE\tLAST PERIOD\tLAST RESULT\tNEXT RUN")
		for _, s := range list {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Name, s.Spec, orDash(s.LastPeriod), lastResult(s), s.Next.In(loc).Format("2006-01-02 15:04 MST"))
		}
		return w.Flush()
	case "run":
		name, rest := "", args[1:]
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			name, rest = rest[0], rest[1:]
		}
		fs := flag.NewFlagSet("jobs run", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		atFlag := fs.String("at", "", "run as of this date (YYYY-MM-DD) in CRON_TZ")
		if err := fs.Parse(rest); err != nil {
			return fmt.Errorf("%w\n%s", err, jobsUsage)
		}
		if name == "" && fs.NArg() > 0 {
			name = fs.Arg(0)
		}
		if name == "" {
			return errors.New(jobsUsage)
		}
		at := time.Now().In(loc)
		if *atFlag != "" {
			day, err := time.ParseInLocation(time.DateOnly, *atFlag, loc)
			if err != nil {
				return fmt.Errorf("--at: want a date like 2027-02-06, got %q", *atFlag)
			}
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
	return fmt.Errorf("unknown jobs command %q\n%s", args[0], jobsUsage)
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
