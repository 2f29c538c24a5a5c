package dates

import (
	"testing"
	"time"
)

func TestTodayIsTheCalendarDayInTheTeamsZone(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC) // 01:00 on the 24th in Shanghai
	cases := []struct {
		loc  *time.Location
		want time.Time
	}{
		{shanghai, day(2026, 11, 24)},
		{time.UTC, day(2026, 11, 23)},
		{nil, day(2026, 11, 23)},
		{time.FixedZone("PST", -8*3600), day(2026, 11, 23)},
	}
	for _, c := range cases {
		if got := Today(now, c.loc); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("Today(%s, %v) = %s, want %s", now, c.loc, got, c.want)
		}
	}
}

func TestFormatWritesTheReadersForm(t *testing.T) {
	t.Parallel()
	cases := []struct {
		got, want string
	}{
		{Format(day(2026, 12, 1), "en"), "2026-12-01"},
		{Format(day(2026, 12, 1), "zh"), "2026年12月1日"},
		{Format(day(2026, 12, 1), ""), "2026年12月1日"},
		{FormatRel(day(2026, 12, 1), monday, "zh"), "12月1日"},
		{FormatRel(day(2027, 1, 5), monday, "zh"), "2027年1月5日"},
		{FormatRel(day(2026, 12, 1), monday, "en"), "2026-12-01"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
