// Package dates reads the dates salespeople type (2026-12-01, 12月1日, 下周二,
// 3天后, next tue ...) and writes dates back in the reader's language.
//
// A date is a calendar day carried as a time.Time at 00:00 UTC, the form pgx
// scans a SQL date into. "Today" is always passed in, computed by Today from
// the injected clock and the team's time zone, so nothing here reads the
// wall clock.
package dates

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrBadDate is wrapped by every Parse error: the text is not a date this
// package understands, names an impossible day or lies too far from today.
var ErrBadDate = errors.New("not a date")

// ErrPastDate is returned by ParseFuture for a date before today.
var ErrPastDate = errors.New("date is in the past")

// maxRunes bounds the input: no date anyone types is longer.
const maxRunes = 64

// yearSpan is how many years before or after today's year a date may fall.
const yearSpan = 5

// Today returns the calendar day of now in loc, as 00:00 UTC of that day.
// A nil loc means UTC.
func Today(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return Day(now.In(loc))
}

// Day returns t's calendar day (in t's own location) as 00:00 UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Parse reads s as a day relative to today. It accepts, case-insensitively
// and with full-width digits and punctuation, absolute dates (2026-12-01,
// 2026/12/1, 2026.12.1, 12-01, 12/1, 2026年12月1日, 12月1号, 1日), relative
// ones (今天, 明天, 后天, 大后天, +3d, 3天后, 2w, 两周后, 1个月, next month,
// 下个月, 半个月) and named days (周五, 下周二, 这周五, next tue, friday,
// 下周, next week, 月底, end of month). A date without a year is its next
// occurrence from today. Past dates are accepted; see ParseFuture.
// Every failure wraps ErrBadDate.
func Parse(s string, today time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("parse date: empty: %w", ErrBadDate)
	}
	if utf8.RuneCountInString(s) > maxRunes {
		return time.Time{}, fmt.Errorf("parse date: longer than %d characters: %w", maxRunes, ErrBadDate)
	}
	today = Day(today)
	d, ok := parse(Normalize(s), today)
	if !ok {
		return time.Time{}, fmt.Errorf("parse date %q: %w", s, ErrBadDate)
	}
	if y := d.Year(); y < today.Year()-yearSpan || y > today.Year()+yearSpan {
		return time.Time{}, fmt.Errorf("parse date %q: more than %d years from today: %w", s, yearSpan, ErrBadDate)
	}
	return d, nil
}

// ParseFuture is Parse that also refuses a date before today with
// ErrPastDate; today itself is allowed.
func ParseFuture(s string, today time.Time) (time.Time, error) {
	d, err := Parse(s, today)
	if err != nil {
		return time.Time{}, err
	}
	if d.Before(Day(today)) {
		return time.Time{}, fmt.Errorf("parse date %q: %w", s, ErrPastDate)
	}
	return d, nil
}

// parse tries each form in turn on normalised text. The day-of-month form
// (3日) is tried before the relative one so that 3日 is the 3rd while 3日后
// is three days from now.
func parse(s string, today time.Time) (time.Time, bool) {
	for _, p := range []func(string, time.Time) (time.Time, bool){
		parseWord, parseYMD, parseMonthDay, parseChinese, parseDayOfMonth, parseRelative, parseWeekday,
	} {
		if d, ok := p(s, today); ok {
			return d, true
		}
	}
	return time.Time{}, false
}
