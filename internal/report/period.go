package report

import (
	"time"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/export"
)

// MaxDays bounds a report's period (two years): the previous period doubles
// what is read, and a longer review is not what the report is for.
const MaxDays = 731

// Periods are export's: export.ThisMonth, export.LastMonth,
// export.ThisQuarter and export.ParseRange (a typed range) make them, days
// From to To both included.

// Previous returns the period p is compared with: as many whole calendar
// months just before p when p is whole months (it starts on a 1st and ends
// on a month's last day: a month, a quarter, a year), otherwise as many days
// just before. So February is compared with January, not with the 28 days
// before it, and the second quarter with the first.
func Previous(p export.Period) export.Period {
	end := p.From.AddDate(0, 0, -1)
	if p.From.Day() == 1 && p.To.AddDate(0, 0, 1).Day() == 1 {
		months := (p.To.Year()-p.From.Year())*12 + int(p.To.Month()-p.From.Month()) + 1
		return export.Period{From: p.From.AddDate(0, -months, 0), To: end}
	}
	return export.Period{From: p.From.AddDate(0, 0, -p.Days()), To: end}
}

// window is a report's period and the previous one as the queries read
// them: instants in the zone for timestamps, days for dates.
type window struct {
	// prevStart, start and end are 00:00 in the zone of the previous
	// period's first day, the period's first day and the day after its last.
	prevStart, start, end time.Time
	// prevFrom, from and next are the same three as days (00:00 UTC, as
	// pgx carries a date): the period's days are [from, next).
	prevFrom, from, next time.Time
	// asOf is the instant the period's states are read at: its end, or now
	// when it is not over; prevAsOf is the previous period's (its end, which
	// is start, or now). asOfDay and prevAsOfDay are their days in the zone.
	asOf, prevAsOf       time.Time
	asOfDay, prevAsOfDay time.Time
	// days are the days of both periods and ends the instant each ends (the
	// next 00:00 in the zone), for the follow-ups' due days.
	days, ends []time.Time
}

// newWindow lays out p and its previous period in loc, read as of now.
func newWindow(p export.Period, loc *time.Location, now time.Time) window {
	prev := Previous(p)
	w := window{
		prevStart: midnight(prev.From, loc),
		start:     midnight(p.From, loc),
		end:       midnight(p.To.AddDate(0, 0, 1), loc),
		prevFrom:  prev.From,
		from:      p.From,
		next:      p.To.AddDate(0, 0, 1),
	}
	w.asOf, w.prevAsOf = earlier(w.end, now), earlier(w.start, now)
	w.asOfDay, w.prevAsOfDay = dates.Day(w.asOf.In(loc)), dates.Day(w.prevAsOf.In(loc))
	for d := w.prevFrom; d.Before(w.next); d = d.AddDate(0, 0, 1) {
		w.days = append(w.days, d)
		w.ends = append(w.ends, midnight(d.AddDate(0, 0, 1), loc))
	}
	return w
}

// midnight is 00:00 in loc of day (a date, read by its calendar fields).
func midnight(day time.Time, loc *time.Location) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
