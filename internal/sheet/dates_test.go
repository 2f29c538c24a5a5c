package sheet

import (
	"errors"
	"testing"
	"time"
)

func TestParseDateReadsSerialsAndTheTextsPeopleType(t *testing.T) {
	t.Parallel()
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		cell Cell
		want time.Time
	}{
		{Cell{Text: "2024-03-05", Raw: "45356", Date: true}, day(2024, 3, 5)},
		{Cell{Text: "x", Raw: "45356.75", Date: true}, day(2024, 3, 5)}, // time of day dropped
		{Cell{Raw: "1", Date: true}, day(1900, 1, 1)},
		{Cell{Raw: "59", Date: true}, day(1900, 2, 28)},
		{Cell{Raw: "61", Date: true}, day(1900, 3, 1)},
		{Cell{Text: "45356"}, day(2024, 3, 5)}, // a serial that lost its format
		{Cell{Text: "2024/3/5"}, day(2024, 3, 5)},
		{Cell{Text: "2024年3月5日"}, day(2024, 3, 5)},
		{Cell{Text: "２０２４年３月５号"}, day(2024, 3, 5)},
		{Cell{Text: "2024-03-05"}, day(2024, 3, 5)},
		{Cell{Text: "2024.3.5"}, day(2024, 3, 5)},
		{Cell{Text: "20240305"}, day(2024, 3, 5)},
		{Cell{Text: "2024-03-05 14:30:00"}, day(2024, 3, 5)},
		{Cell{Text: "2024-03-05T14:30:00Z"}, day(2024, 3, 5)},
		{Cell{Text: "3/5/2024"}, day(2024, 3, 5)},   // month first, as Excel in English
		{Cell{Text: "25/3/2024"}, day(2024, 3, 25)}, // 25 cannot be a month
		{Cell{Text: "5.3.2024"}, day(2024, 3, 5)},   // dotted: day first
		{Cell{Text: "Mar 5, 2024"}, day(2024, 3, 5)},
		{Cell{Text: " 2024-2-29 "}, day(2024, 2, 29)},
	} {
		got, err := ParseDate(tc.cell)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseDate(%+v) = %v, %v; want %v", tc.cell, got, err, tc.want)
		}
	}
}

func TestParseDateRefusesImpossibleAmbiguousAndFictitiousDates(t *testing.T) {
	t.Parallel()
	for _, c := range []Cell{
		{Text: ""},
		{Text: "2024-02-30"},    // no such day, not March 1st
		{Text: "2023-02-29"},    // not a leap year
		{Text: "2024-13-01"},    // no such month
		{Text: "20241301"},      // the same, packed
		{Text: "24/3/5"},        // two-digit year
		{Text: "3/5/24"},        // two-digit year, other order
		{Text: "24年3月5日"},       // two-digit year in Chinese
		{Raw: "60", Date: true}, // Excel's 1900-02-29, which never was
		{Raw: "0", Date: true},  // 1900-01-00
		{Raw: "-5", Date: true}, // before the epoch
		{Text: "明天"},            // a relative word has no place in a ledger
		{Text: "1800-01-01"},    // outside 1900..9999
		{Text: "2024年3月"},       // no day
		{Text: "123"},           // a number that is no date
		{Text: "3000000"},       // past 9999-12-31 as a serial and too long
		{Text: "2024-03-05abc"}, // trailing junk
	} {
		if got, err := ParseDate(c); !errors.Is(err, ErrValue) {
			t.Errorf("ParseDate(%+v) = %v, %v; want an error wrapping ErrValue", c, got, err)
		}
	}
}

func TestSerialsRoundTripThroughToSerial(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Time{
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC),
		time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		got, err := fromSerial(toSerial(d))
		if err != nil || !got.Equal(d) {
			t.Errorf("fromSerial(toSerial(%v)) = %v, %v", d, got, err)
		}
	}
	if s := toSerial(time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)); s != 45356 {
		t.Errorf("toSerial(2024-03-05) = %v, want 45356", s)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-05", "2024年3月5日", "20240305", "3/5/2024", "45356", "24/3/5", "2024-02-30", "Mar 5, 2024", "\x00", "2024-03-05T14:30:00+08:00"} {
		f.Add(s, false)
	}
	f.Add("45356.5", true)
	f.Add("60", true)
	f.Fuzz(func(t *testing.T, s string, date bool) {
		d, err := ParseDate(Cell{Text: s, Raw: s, Date: date})
		if err != nil {
			if !errors.Is(err, ErrValue) {
				t.Fatalf("ParseDate(%q) error %v does not wrap ErrValue", s, err)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour()+d.Minute()+d.Second()+d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not a civil date at 00:00 UTC", s, d)
		}
		if d.Year() < 1900 || d.Year() > 9999 {
			t.Fatalf("ParseDate(%q) = %v, outside 1900..9999", s, d)
		}
		// A date's own text reads back as the same date.
		again, err := ParseDate(Cell{Text: d.Format("2006-01-02")})
		if err != nil || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, whose text reads back as %v, %v", s, d, again, err)
		}
	})
}
