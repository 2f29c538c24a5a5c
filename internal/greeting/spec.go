package greeting

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// maxName is the longest name of a custom date, in characters.
const maxName = 50

// aheadYears bounds a one-off custom date: no one plans greetings further out.
const aheadYears = 5

// ParseName reads a custom date's name: "中文 / English" gives each
// language its own, anything else is one name for both. Each is 1 to 50
// characters after trimming; ErrInvalid otherwise.
func ParseName(name string) (zh, en string, err error) {
	name = strings.Join(strings.Fields(name), " ")
	zh, en = name, name
	if a, b, ok := strings.Cut(name, "/"); ok && strings.TrimSpace(a) != "" && strings.TrimSpace(b) != "" {
		zh, en = strings.TrimSpace(a), strings.TrimSpace(b)
	}
	for _, n := range []string{zh, en} {
		if n == "" || utf8.RuneCountInString(n) > maxName {
			return "", "", fmt.Errorf("%w: a name is 1 to %d characters", ErrInvalid, maxName)
		}
		for _, r := range n {
			if r < ' ' || r == 0x7f {
				return "", "", fmt.Errorf("%w: control character in name", ErrInvalid)
			}
		}
	}
	return zh, en, nil
}

var (
	reSpecYMD = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
	reSpecMD  = regexp.MustCompile(`^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
)

// ParseSpec reads when a custom date falls: year 0 with a month and day for
// every year ("02-14", "2月14日"), or a full date for once ("2027-02-14"),
// which must lie from today to five years ahead. Failures wrap ErrInvalid.
func ParseSpec(spec string, today time.Time) (year, month, day int, err error) {
	n := dates.Normalize(spec)
	if len(n) > 32 {
		return 0, 0, 0, fmt.Errorf("%w: date %q: want MM-DD or YYYY-MM-DD", ErrInvalid, spec)
	}
	if m := reSpecYMD.FindStringSubmatch(n); m != nil {
		year, _ = strconv.Atoi(m[1])
		month, _ = strconv.Atoi(m[2])
		day, _ = strconv.Atoi(m[3])
		if !valid(year, month, day) {
			return 0, 0, 0, fmt.Errorf("%w: %q is not a day", ErrInvalid, spec)
		}
		d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if d.Before(dates.Day(today)) || year > today.Year()+aheadYears {
			return 0, 0, 0, fmt.Errorf("%w: %q is in the past or more than %d years ahead", ErrInvalid, spec, aheadYears)
		}
		return year, month, day, nil
	}
	if m := reSpecMD.FindStringSubmatch(n); m != nil {
		month, _ = strconv.Atoi(m[1])
		day, _ = strconv.Atoi(m[2])
		if !valid(2000, month, day) { // a leap year, so 02-29 is a yearly date
			return 0, 0, 0, fmt.Errorf("%w: %q is not a day", ErrInvalid, spec)
		}
		return 0, month, day, nil
	}
	return 0, 0, 0, fmt.Errorf("%w: date %q: want MM-DD or YYYY-MM-DD", ErrInvalid, spec)
}

// valid reports whether y-m-d names a real day.
func valid(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
