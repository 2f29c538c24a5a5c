package schedule

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// periodLayout writes a scheduled instant as its period: minutes are the
// finest step of a 5-field spec.
const periodLayout = "2006-01-02T15:04"

// week is the shortest gap between firings of a weekly job.
const week = 7 * 24 * time.Hour

// isWeekly reports whether sched fires at most once a week, judged on two
// weeks of firings; ok is false when it never fires at all.
func isWeekly(sched *cron.SpecSchedule, loc *time.Location) (weekly, ok bool) {
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, loc) // a Monday
	prev := sched.Next(from.Add(-time.Second))
	if prev.IsZero() {
		return false, false
	}
	end := from.Add(3 * week)
	for t := sched.Next(prev); !t.IsZero() && t.Before(end); t = sched.Next(t) {
		if t.Sub(prev) < week {
			return false, true
		}
		prev = t
	}
	return true, true
}

// windowStart is the start of the catch-up window that holds now: the day
// (in loc) or, for weekly jobs, the week from Monday.
func (e *entry) windowStart(now time.Time, loc *time.Location) time.Time {
	now = now.In(loc)
	y, m, d := now.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if e.weekly {
		back := (int(now.Weekday()) + 6) % 7 // days since Monday
		start = time.Date(y, m, d-back, 0, 0, 0, 0, loc)
	}
	return start
}

// latest returns the most recent scheduled instant at or before now within
// now's catch-up window, in loc; ok is false when there is none.
func (e *entry) latest(now time.Time, loc *time.Location) (at time.Time, ok bool) {
	now = now.In(loc)
	t := e.sched.Next(e.windowStart(now, loc).Add(-time.Second))
	if t.IsZero() || t.After(now) {
		return time.Time{}, false
	}
	for {
		n := e.sched.Next(t)
		if n.IsZero() || n.After(now) {
			return t.In(loc), true
		}
		t = n
	}
}

// period names the run of a scheduled instant.
func period(at time.Time, loc *time.Location) string {
	return at.In(loc).Format(periodLayout)
}

// ScheduledOn returns the job's first scheduled instant on day (a calendar
// day, read in the zone), or 00:00 of that day when the job does not fire
// then: what `jobs run NAME --at YYYY-MM-DD` runs as of.
func (s *Scheduler) ScheduledOn(name string, day time.Time) (time.Time, error) {
	e, err := s.job(name)
	if err != nil {
		return time.Time{}, fmt.Errorf("scheduled on: %w", err)
	}
	y, m, d := day.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, s.loc)
	t := e.sched.Next(start.Add(-time.Second))
	if t.IsZero() || !t.Before(start.AddDate(0, 0, 1)) {
		return start, nil
	}
	return t.In(s.loc), nil
}
