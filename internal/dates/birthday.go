package dates

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// UnknownYear is the year a birthday is stored with when only its month and
// day were given. Greetings only need the month and day; 1904 is a leap year,
// so 2月29日 can be kept too.
const UnknownYear = 1904

// ParseBirthday reads a birthday: a full date in the past (1980-05-12,
// 1980年5月12日) or a month and day alone (5-12, 5月12日), stored in
// UnknownYear. Failures wrap ErrBadDate.
func ParseBirthday(s string, today time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxRunes {
		return time.Time{}, fmt.Errorf("parse birthday: %w", ErrBadDate)
	}
	n := Normalize(s)
	if m := reYMD.FindStringSubmatch(n); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return birthday(s, y, mo, d, today)
	}
	if m := reMonthDay.FindStringSubmatch(n); m != nil {
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		return birthday(s, UnknownYear, mo, d, today)
	}
	if m := reChinese.FindStringSubmatch(n); m != nil {
		mo, okM := number(m[2])
		d, okD := number(m[3])
		if !okM || !okD {
			return time.Time{}, fmt.Errorf("parse birthday %q: %w", s, ErrBadDate)
		}
		y := UnknownYear
		if m[1] != "" {
			y, _ = strconv.Atoi(m[1])
		}
		return birthday(s, y, mo, d, today)
	}
	return time.Time{}, fmt.Errorf("parse birthday %q: %w", s, ErrBadDate)
}

func birthday(s string, y, mo, d int, today time.Time) (time.Time, error) {
	t, ok := date(y, mo, d)
	if !ok || (y != UnknownYear && (y < 1900 || t.After(Day(today)))) {
		return time.Time{}, fmt.Errorf("parse birthday %q: %w", s, ErrBadDate)
	}
	return t, nil
}
