package export

import (
	"errors"
	"testing"
	"time"
)

func d(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

// dayOf is t's date in Shanghai.
func dayOf(t time.Time) time.Time { return d(t.In(shanghai).Date()) }

func TestPeriodsOfTheCalendar(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		got  Period
		want Period
	}{
		{"this month", ThisMonth(d(2026, 11, 28)), Period{d(2026, 11, 1), d(2026, 11, 30)}},
		{"this month, February of a leap year", ThisMonth(d(2028, 2, 10)), Period{d(2028, 2, 1), d(2028, 2, 29)}},
		{"last month", LastMonth(d(2026, 11, 28)), Period{d(2026, 10, 1), d(2026, 10, 31)}},
		{"last month in January", LastMonth(d(2027, 1, 3)), Period{d(2026, 12, 1), d(2026, 12, 31)}},
		{"this quarter", ThisQuarter(d(2026, 11, 28)), Period{d(2026, 10, 1), d(2026, 12, 31)}},
		{"the first quarter", ThisQuarter(d(2026, 3, 31)), Period{d(2026, 1, 1), d(2026, 3, 31)}},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseRangeReadsTheWaysPeopleTypeARange(t *testing.T) {
	t.Parallel()
	today := d(2026, 11, 28)
	for _, c := range []struct {
		in   string
		want Period
	}{
		{"2026-01-01 2026-03-31", Period{d(2026, 1, 1), d(2026, 3, 31)}},
		{"2026-01-01-2026-03-31", Period{d(2026, 1, 1), d(2026, 3, 31)}},
		{"2026/1/1 至 2026/3/31", Period{d(2026, 1, 1), d(2026, 3, 31)}},
		{"2026年1月1日到2026年3月31日", Period{d(2026, 1, 1), d(2026, 3, 31)}},
		{"1月1日-3月31日", Period{d(2026, 1, 1), d(2026, 3, 31)}},
		{"１月１日～３月３１日", Period{d(2026, 1, 1), d(2026, 3, 31)}},
		{"1.1~3.31", Period{d(2026, 1, 1), d(2026, 3, 31)}},
		{"11-01 - 11-28", Period{d(2026, 11, 1), d(2026, 11, 28)}},
		{"12月1日-1月31日", Period{d(2025, 12, 1), d(2026, 1, 31)}}, // December has not come yet this year
		{"2025-12-15 1月15日", Period{d(2025, 12, 15), d(2026, 1, 15)}},
		{"2026-11-28 2026-11-28", Period{d(2026, 11, 28), d(2026, 11, 28)}},
	} {
		got, err := ParseRange(c.in, today)
		if err != nil || got != c.want {
			t.Errorf("ParseRange(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "  ", "2026-01-01", "2026-03-31 2026-01-01", "从一月到三月", "2026-02-30 2026-03-01", "abc def"} {
		if p, err := ParseRange(in, today); !errors.Is(err, ErrBadRange) {
			t.Errorf("ParseRange(%q) = %v, %v; want ErrBadRange", in, p, err)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"2026-01-01 2026-03-31", "1月1日-3月31日", "1.1~3.31", "2026-01-01-2026-03-31"} {
		f.Add(s)
	}
	today := d(2026, 11, 28)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseRange(s, today)
		if err != nil {
			return
		}
		if p.To.Before(p.From) || p.From.Hour() != 0 || p.From.Location() != time.UTC || p.To.Location() != time.UTC {
			t.Fatalf("ParseRange(%q) = %v", s, p)
		}
	})
}
