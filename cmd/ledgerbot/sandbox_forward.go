package main

import (
	"context"
	"sync"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/config"
	sbx "github.com/ledgerbot/ledgerbot/internal/sandbox"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

// fastForward is the sandbox's fast-forward: the clock moves to the chosen
// day, half an hour after the last of that day's scheduled instants (09:30
// with the default schedules), and the scheduler catches up as the bot does
// after a restart that morning: each job runs its latest period of the day
// (of the week for the digest, of the month for the jobs of the 1st) unless
// it already ran. Its messages go out through the outbox and the sender,
// as in production. Days skipped over are not replayed: after a jump, the
// follow-ups and reviews that fell due in between are reminded as overdue.
func fastForward(b *service, clock *sbx.Clock, loc *time.Location) sbx.Forwarder {
	var mu sync.Mutex // one fast-forward at a time
	return func(ctx context.Context, day time.Time) (sbx.Forward, error) {
		mu.Lock()
		defer mu.Unlock()
		sched := b.jobs.sched
		y, m, d := day.In(loc).Date()
		at := time.Date(y, m, d, sandboxStartHour, sandboxStartMinute, 0, 0, loc)
		for _, name := range config.JobNames {
			t, err := sched.ScheduledOn(name, day)
			if err != nil {
				return sbx.Forward{}, err
			}
			if after := t.Add(30 * time.Minute); after.After(at) {
				at = after
			}
		}
		if !at.After(clock.Now()) {
			return sbx.Forward{}, sbx.ErrPast
		}
		before, err := sched.List(ctx)
		if err != nil {
			return sbx.Forward{}, err
		}
		clock.Set(at)
		// Each failure is logged by the scheduler and shows in the runs.
		_ = sched.CatchUp(ctx)
		after, err := sched.List(ctx)
		if err != nil {
			return sbx.Forward{}, err
		}
		return sbx.Forward{Now: clock.Now(), Jobs: ranBetween(before, after)}, nil
	}
}

// ranBetween lists the jobs whose last run changed from before to after.
func ranBetween(before, after []schedule.Status) []sbx.JobRun {
	was := make(map[string]schedule.Status, len(before))
	for _, s := range before {
		was[s.Name] = s
	}
	var out []sbx.JobRun
	for _, s := range after {
		if s.LastPeriod == "" {
			continue
		}
		if w, ok := was[s.Name]; ok && w.LastPeriod == s.LastPeriod && w.LastStarted.Equal(s.LastStarted) {
			continue
		}
		out = append(out, sbx.JobRun{Name: s.Name, Period: s.LastPeriod, Enqueued: s.LastEnqueued, Error: s.LastError})
	}
	return out
}
