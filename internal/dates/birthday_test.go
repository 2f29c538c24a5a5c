package dates

import (
	"errors"
	"testing"
	"time"
)

func TestParseBirthdayKeepsOldYearsAndMonthDayAlone(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	ok := map[string]string{
		"1980-05-12": "1980-05-12",
		"1980/5/12":  "1980-05-12",
		"1975年3月8日":  "1975-03-08",
		"5-12":       "1904-05-12",
		"5月12日":      "1904-05-12",
		"2月29日":      "1904-02-29",
		"１９８０－０５－１２": "1980-05-12",
	}
	for in, want := range ok {
		got, err := ParseBirthday(in, today)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("ParseBirthday(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1800-01-01", "2027-01-01", "1980-02-30", "13月1日", "明天", "hello"} {
		if _, err := ParseBirthday(in, today); !errors.Is(err, ErrBadDate) {
			t.Errorf("ParseBirthday(%q) err = %v; want ErrBadDate", in, err)
		}
	}
}
