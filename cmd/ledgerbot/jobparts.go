package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/churn"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/credit"
	"github.com/ledgerbot/ledgerbot/internal/dedupe"
	"github.com/ledgerbot/ledgerbot/internal/digest"
	"github.com/ledgerbot/ledgerbot/internal/greeting"
	"github.com/ledgerbot/ledgerbot/internal/reminder"
	"github.com/ledgerbot/ledgerbot/internal/report"
	"github.com/ledgerbot/ledgerbot/internal/retention"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
	"github.com/ledgerbot/ledgerbot/internal/value"
)

// jobParts are the services behind the scheduled jobs and the scheduler
// that runs them; serve shares the ones the chat needs (churn alerts'
// buttons, greeting templates, /jobs) with it.
type jobParts struct {
	greetings *greeting.Store
	reminders *reminder.Reminder
	churn     *churn.Scanner
	digest    *digest.Digest
	sched     *schedule.Scheduler
	dedupe    *dedupe.Finder
	reports   *report.Store
	value     *value.Store
}

// buildJobs builds every scheduled job on pool, in the configured zone and
// schedules. It needs neither Telegram nor Redis: jobs only enqueue.
func buildJobs(cfg *config.Config, pool *pgxpool.Pool, now func() time.Time, log *slog.Logger) (*jobParts, error) {
	p := cfg.Push
	loc := p.CronLocation
	pp := &jobParts{
		greetings: greeting.NewStore(pool, now, loc, p.GreetingTiers).WithLog(log),
		reminders: reminder.New(pool, loc, p.Cadence, p.EscalateAfter, log),
		churn:     churn.NewScanner(pool, loc, churnThresholds(p), log, churn.WithClock(now)),
		digest:    digest.New(pool, loc, log),
		dedupe:    dedupe.New(pool, loc, now, log),
		reports:   report.New(pool, loc, now),
	}
	pp.value = value.New(pool, loc, client.NewStore(pool, now, cfg.Location), log,
		value.WithClock(now), value.WithCredit(pp.churn.Credit()))
	monthly := report.NewJob(pp.reports, log)
	monthly.Chart = report.Chart
	pp.reminders.SnoozeDays = p.SnoozeDays
	job := func(name string, run func(ctx context.Context, at time.Time) (int, error)) schedule.Job {
		return schedule.Job{Name: name, Spec: p.Schedules[name], Run: run}
	}
	// Every job only enqueues into the outbox, so running one twice for the
	// same period sends nothing new.
	var err error
	pp.sched, err = schedule.New(pool, loc, now, log,
		job("greetings", pp.greetings.Run),
		job("reminders", pp.reminders.Run),
		job("churn", pp.churn.Run),
		job("escalation", pp.reminders.Escalate),
		job("digest", pp.digest.Run),
		job("retention", retention.New(pool, cfg.Intake.UpdatesRetention, cfg.Intake.OutboxRetention).Run),
		job("duplicates", pp.dedupe.Run),
		job("report", monthly.Run),
		job("value", pp.value.Run),
	)
	if err != nil {
		return nil, err
	}
	return pp, nil
}

func churnThresholds(p config.Push) churn.Thresholds {
	return churn.Thresholds{Cadence: p.Cadence, ContactFactor: p.Churn.ContactFactor, DropPercent: p.Churn.DropPercent,
		DropMin: p.Churn.DropMin, SleepingDays: p.Churn.SleepingDays, ChurnedDays: p.Churn.ChurnedDays,
		Credit: credit.Thresholds{WatchDays: p.Churn.CreditWatchDays, RiskDays: p.Churn.CreditRiskDays,
			RiskAmount: int64(p.Churn.CreditRiskAmount)}}
}
