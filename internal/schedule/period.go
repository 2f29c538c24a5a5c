package schedule

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// periodLayout writes a scheduled instant as its period: minutes are the
// finest step of a 5-field spec.
const periodLayout = "2006-01-02T15:04"

// week is the shortest gap between firings of a weekly job, month (28
// days, February's) of a monthly one.
const (
	week  = 7 * 24 * time.Hour
	month = 28 * 24 * time.Hour
)

// window is how far back a job catches up a missed run: within the day,
// the week from Monday or the calendar month, by how often it fires.
type window int

const (
	daily window = iota
	weekly
	monthly
)

// windowOf judges how often sched fires from a year and a month of its
// firings: at most once a month (a spec for the 1st), at most once a week,
// or more often; ok is false when it never fires at all.
func windowOf(sched *cron.SpecSchedule, loc *time.Location) (w window, ok bool) {
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, loc) // a Monday
	prev := sched.Next(from.Add(-time.Second))
	if prev.IsZero() {
		return daily, false
	}
	w = monthly
	end := from.AddDate(1, 1, 0)
	for t := sched.Next(prev); !t.IsZero() && t.Before(end); t = sched.Next(t) {
		switch gap := t.Sub(prev); {
		case gap < week:
			return daily, true
		case gap < month:
			w = weekly
		}
		prev = t
	}
	return w, true
}

// windowStart is the start of the catch-up window that holds now: the day
// (in loc), the week from Monday for weekly jobs, the month's 1st for
// monthly ones. A monthly report that fired on a Sunday while the bot was
// down is still sent on Monday.
func (e *entry) windowStart(now time.Time, loc *time.Location) time.Time {
	now = now.In(loc)
	y, m, d := now.Date()
	switch e.window {
	case weekly:
		back := (int(now.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, d-back, 0, 0, 0, 0, loc)
	case monthly:
		return time.Date(y, m, 1, 0, 0, 0, 0, loc)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
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
