package callback

import (
	"errors"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestExportEncodesItsScopePeriodAndFilters(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a    Export
		want string
	}{
		{Export{From: day(2026, 11, 1), To: day(2026, 11, 30)}, "xp:a:20261101-20261130::"},
		{Export{Team: 5, From: day(2026, 1, 1), To: day(2026, 3, 31), Tier: "key"}, "xp:t5:20260101-20260331:key:"},
		{Export{Owner: 7, From: day(2026, 10, 1), To: day(2026, 10, 31), Stage: "active"}, "xp:o7:20261001-20261031::active"},
		{Export{Owner: maxID, From: day(2026, 10, 1), To: day(2026, 10, 31), Tier: "strategic", Stage: "potential"},
			"xp:o9223372036854775807:20261001-20261031:strategic:potential"},
	} {
		got := c.a.Data()
		if got != c.want {
			t.Errorf("%#v.Data() = %q, want %q", c.a, got, c.want)
		}
		back, err := Parse(got)
		if err != nil || back != c.a {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", got, back, err, c.a)
		}
	}
}

func TestExportRefusesForgedData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"xp", "xp:", "xp:a", "xp:a:20261101-20261130:", "xp:a:20261101-20261130:::", "xp:x:20261101-20261130::",
		"xp:t0:20261101-20261130::", "xp:t05:20261101-20261130::", "xp:o-1:20261101-20261130::", "xp:t:20261101-20261130::",
		"xp:a:20261130-20261101::", "xp:a:20261101::", "xp:a:2026111-20261130::", "xp:a:20261131-20261231::",
		"xp:a:00011101-00011130::", "xp:a:20261101-20261130:KEY:", "xp:a:20261101-20261130:key word:",
		"xp:a:20261101-20261130:abcdefghijk:", "xp:a:20261101_20261130::",
	} {
		if a, err := Parse(s); !errors.Is(err, ErrMalformed) || a != nil {
			t.Errorf("Parse(%q) = %#v, %v; want ErrMalformed", s, a, err)
		}
	}
	for _, a := range []Export{
		{Team: 1, Owner: 2, From: day(2026, 1, 1), To: day(2026, 1, 2)},
		{From: day(2026, 1, 2), To: day(2026, 1, 1)},
		{From: day(2026, 1, 1).Add(time.Hour), To: day(2026, 1, 2)},
		{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)), To: day(2026, 1, 2)},
		{From: day(2026, 1, 1), To: day(2026, 1, 2), Tier: "Key"},
	} {
		if _, err := Encode(a); !errors.Is(err, ErrInvalid) {
			t.Errorf("Encode(%#v) = %v, want ErrInvalid", a, err)
		}
	}
}

func FuzzExportParse(f *testing.F) {
	f.Add("xp:a:20261101-20261130::")
	f.Add("xp:t5:20260101-20260331:key:")
	f.Add("xp:o7:20261001-20261031::active")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if got, err := Encode(a); err != nil || got != s {
			t.Fatalf("Parse(%q) = %#v, which encodes to %q, %v", s, a, got, err)
		}
	})
}
