package greeting

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// MaxName is the longest name of a custom date in either language, in
// characters; the chat quotes it in its prompt.
const MaxName = 50

// aheadYears bounds a one-off custom date: no one plans greetings further out.
const aheadYears = 5

// ParseName reads a custom date's name: "中文 / English" gives each
// language its own, anything else is one name for both. The whole answer
// and then each name go through the rule for every typed name
// (client.CleanName: one line, no control characters, the ends trimmed of
// white space and invisible characters, at least one letter or digit), so
// "🎉 / Party" is refused rather than greeting in Chinese with an emoji.
// Runs of white space become one space, and each name is 1 to MaxName
// characters. A refusal wraps ErrInvalid and, when there is one, the reason
// a chat can explain: client.ErrControlChar, client.ErrNoLetters or
// client.ErrTooLong.
func ParseName(name string) (zh, en string, err error) {
	whole, err := cleanName(name)
	if err != nil {
		return "", "", err
	}
	zh, en = whole, whole
	if a, b, ok := strings.Cut(whole, "/"); ok && strings.TrimSpace(a) != "" && strings.TrimSpace(b) != "" {
		if zh, err = cleanName(a); err != nil {
			return "", "", err
		}
		if en, err = cleanName(b); err != nil {
			return "", "", err
		}
	}
	for _, n := range []string{zh, en} {
		// Only the names themselves are bounded: "中文 / English" may be
		// longer than either.
		if c := utf8.RuneCountInString(n); c > MaxName {
			return "", "", fmt.Errorf("%w: %w: a name is at most %d characters (got %d)", ErrInvalid, client.ErrTooLong, MaxName, c)
		}
	}
	return zh, en, nil
}

// cleanName applies client.CleanName to one name and collapses its runs of
// white space; a blank name is refused.
func cleanName(s string) (string, error) {
	v, err := client.CleanName(s)
	if err != nil {
		return "", fmt.Errorf("%w: name: %w", ErrInvalid, err)
	}
	if v = strings.Join(strings.Fields(v), " "); v == "" {
		return "", fmt.Errorf("%w: a name is required", ErrInvalid)
	}
	return v, nil
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
