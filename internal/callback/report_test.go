package callback

import (
	"errors"
	"testing"
	"time"
)

func TestReportFileEncodesItsTeamAndPeriod(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a    ReportFile
		want string
	}{
		{ReportFile{From: day(2026, 11, 1), To: day(2026, 11, 30)}, "rp:a:20261101-20261130"},
		{ReportFile{Team: 5, From: day(2026, 10, 1), To: day(2026, 12, 31)}, "rp:t5:20261001-20261231"},
		{ReportFile{Team: maxID, From: day(2026, 1, 1), To: day(2026, 1, 1)}, "rp:t9223372036854775807:20260101-20260101"},
	} {
		got := c.a.Data()
		if got != c.want {
			t.Errorf("%#v.Data() = %q, want %q", c.a, got, c.want)
		}
		if len(got) > MaxLen {
			t.Errorf("%q is %d bytes", got, len(got))
		}
		back, err := Parse(got)
		if err != nil || back != c.a {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", got, back, err, c.a)
		}
	}
}

func TestReportFileRefusesForgedData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"rp", "rp:", "rp:a", "rp:a:", "rp:t5", "rp:x:20261101-20261130", "rp:t0:20261101-20261130",
		"rp:t05:20261101-20261130", "rp:t-5:20261101-20261130", "rp:t:20261101-20261130", "rp:o7:20261101-20261130",
		"rp:a:20261130-20261101", "rp:a:20261101", "rp:a:2026111-20261130", "rp:a:20261131-20261231",
		"rp:a:00011101-00011130", "rp:a:20261101-20261130:", "rp:a:20261101_20261130", "rp:A:20261101-20261130",
		"rp:t9223372036854775808:20261101-20261130", "rp:a:20261101-20261130-20261231",
	} {
		if a, err := Parse(s); !errors.Is(err, ErrMalformed) || a != nil {
			t.Errorf("Parse(%q) = %#v, %v; want ErrMalformed", s, a, err)
		}
	}
	for _, a := range []ReportFile{
		{Team: -1, From: day(2026, 1, 1), To: day(2026, 1, 2)},
		{From: day(2026, 1, 2), To: day(2026, 1, 1)},
		{From: day(2026, 1, 1).Add(time.Hour), To: day(2026, 1, 2)},
		{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)), To: day(2026, 1, 2)},
		{},
	} {
		if _, err := Encode(a); !errors.Is(err, ErrInvalid) {
			t.Errorf("Encode(%#v) = %v, want ErrInvalid", a, err)
		}
	}
}

func FuzzReportFileParse(f *testing.F) {
	f.Add("rp:a:20261101-20261130")
	f.Add("rp:t5:20261001-20261231")
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
