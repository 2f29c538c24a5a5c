package dates

import (
	"errors"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-12-01", "12/1", "12月1号", "三十一号", "下周二", "next tue", "3天后",
		"两周后", "１２－０１", "月底", "2/29", "+9999d", "十一十", "周天", "next month", "in 3 weeks"} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, s string, offset int64) {
		// Any today within a few centuries of the epoch-ish range of real use.
		today := Day(monday.AddDate(0, 0, int(offset%40000)))
		d, err := Parse(s, today)
		if err != nil {
			if !errors.Is(err, ErrBadDate) {
				t.Fatalf("Parse(%q) error %v does not wrap ErrBadDate", s, err)
			}
			return
		}
		if d.IsZero() || !d.Equal(Day(d)) || d.Location() != time.UTC {
			t.Fatalf("Parse(%q) = %v, want a non-zero 00:00 UTC day", s, d)
		}
		if y := d.Year(); y < today.Year()-yearSpan || y > today.Year()+yearSpan {
			t.Fatalf("Parse(%q, %s) = %s, beyond %d years", s, today, d, yearSpan)
		}
		fut, err := ParseFuture(s, today)
		if d.Before(today) != errors.Is(err, ErrPastDate) || (err == nil && !fut.Equal(d)) {
			t.Fatalf("ParseFuture(%q) = %s, %v disagrees with Parse = %s", s, fut, err, d)
		}
	})
}
