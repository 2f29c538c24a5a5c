package export

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// ErrBadRange is wrapped by ParseRange's errors: the text is not two dates,
// or the second is before the first.
var ErrBadRange = errors.New("not a date range")

// Period is the span of days whose visits and feedback are exported: From
// to To, both included, each a date (00:00 UTC of the day, as in package
// dates). The zero Period exports no visits and no feedback.
type Period struct {
	From, To time.Time
}

// ThisMonth is the month of today, from its first day to its last.
func ThisMonth(today time.Time) Period {
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first, To: first.AddDate(0, 1, -1)}
}

// LastMonth is the month before today's.
func LastMonth(today time.Time) Period {
	first := time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first, To: first.AddDate(0, 1, -1)}
}

// ThisQuarter is the calendar quarter of today (一季度 January to March ...).
func ThisQuarter(today time.Time) Period {
	m := (today.Month()-1)/3*3 + 1
	first := time.Date(today.Year(), m, 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first, To: first.AddDate(0, 3, -1)}
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.From.IsZero() && p.To.IsZero() }

// Days is how many days p spans.
func (p Period) Days() int {
	if p.IsZero() {
		return 0
	}
	return int(p.To.Sub(p.From).Hours()/24) + 1
}

// bounds returns p as instants in loc: the start of its first day and the
// start of the day after its last, for timestamp columns (visited_at).
func (p Period) bounds(loc *time.Location) (start, end time.Time) {
	start = time.Date(p.From.Year(), p.From.Month(), p.From.Day(), 0, 0, 0, 0, loc)
	end = time.Date(p.To.Year(), p.To.Month(), p.To.Day()+1, 0, 0, 0, 0, loc)
	return start, end
}

// String writes p as "2026-01-01 – 2026-03-31".
func (p Period) String() string {
	return p.From.Format(time.DateOnly) + " – " + p.To.Format(time.DateOnly)
}

// rangeSeparators split a typed range into its two dates, tried in order.
// A bare "-" is tried last and at each of its places, since it also
// separates a date's own parts (2026-01-01-2026-03-31).
var rangeSeparators = []string{"至", "到", "~", "～", "—", "–", " to ", " - ", ",", "，", " "}

// hasYear finds a four-digit year in a typed date.
var hasYear = regexp.MustCompile(`\d{4}`)

// ParseRange reads a range of days as people type it: "2026-01-01
// 2026-03-31", "2026/1/1 至 2026/3/31", "1月1日-3月31日", "1.1~3.31", with
// any form dates.Parse reads on each side. A side without a year is taken
// as the past: the start is its latest occurrence not after today, the end
// the first on or after the start. The range must not end before it
// starts. Errors wrap ErrBadRange.
func ParseRange(s string, today time.Time) (Period, error) {
	n := dates.Normalize(s)
	if n == "" {
		return Period{}, fmt.Errorf("parse range: empty: %w", ErrBadRange)
	}
	today = dates.Day(today)
	for _, sep := range rangeSeparators {
		if a, b, ok := strings.Cut(n, sep); ok {
			if p, ok := rangeOf(a, b, today); ok {
				return check(s, p)
			}
		}
	}
	for i := 0; i < len(n); i++ {
		if n[i] == '-' {
			if p, ok := rangeOf(n[:i], n[i+1:], today); ok {
				return check(s, p)
			}
		}
	}
	return Period{}, fmt.Errorf("parse range %q: %w", s, ErrBadRange)
}

func check(s string, p Period) (Period, error) {
	if p.To.Before(p.From) {
		return Period{}, fmt.Errorf("parse range %q: ends before it starts: %w", s, ErrBadRange)
	}
	return p, nil
}

// rangeOf reads the two sides of a range.
func rangeOf(a, b string, today time.Time) (Period, bool) {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" {
		return Period{}, false
	}
	from, err := dates.Parse(a, today)
	if err != nil {
		return Period{}, false
	}
	to, err := dates.Parse(b, today)
	if err != nil {
		return Period{}, false
	}
	// dates.Parse takes a day without a year as its next occurrence; a
	// period to export lies behind us.
	if !hasYear.MatchString(a) && from.After(today) {
		from = from.AddDate(-1, 0, 0)
	}
	if !hasYear.MatchString(b) {
		to = time.Date(from.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
		if to.Before(from) {
			to = to.AddDate(1, 0, 0)
		}
	}
	return Period{From: from, To: to}, true
}
