package dates

import (
	"testing"
	"time"
)

func FuzzParseBirthday(f *testing.F) {
	for _, s := range []string{"1980-05-12", "5月12日", "2月29日", "１９８０－０５－１２", "13/45", "0000-00-00", "明天"} {
		f.Add(s)
	}
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseBirthday(s, today)
		if err != nil {
			return
		}
		if d.IsZero() || d.After(today) || d.Year() < 1900 {
			t.Fatalf("ParseBirthday(%q) = %v without an error", s, d)
		}
		if d.Hour() != 0 || d.Location() != time.UTC {
			t.Fatalf("ParseBirthday(%q) = %v, not a day at 00:00 UTC", s, d)
		}
	})
}
