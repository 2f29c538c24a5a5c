package sheet

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Excel's serial dates (the 1900 system, which Book normalises every
// workbook to): day 1 is 1900-01-01 and day 60 is 1900-02-29, a day that
// never was, kept for Lotus 1-2-3 compatibility. Serials after it are one
// too high, so they count from 1899-12-30.
const (
	serialLeapBug = 60
	serialMax     = 2958465 // 9999-12-31
)

var (
	epoch1900 = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	epochBug  = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
)

var (
	// 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 (号), optionally followed
	// by a time of day, which a date field drops.
	reYearFirst = regexp.MustCompile(`^(\d{4}) ?[-/.年] ?(\d{1,2}) ?[-/.月] ?(\d{1,2}) ?[日号]?(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$`)
	// 3/5/2024 (month first, as Excel in English writes it; day first when
	// the first number cannot be a month), 5.3.2024 (day first).
	reYearLast = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4})(?: +\d{1,2}:\d{2}(?::\d{2})?)?$`)
	// 24/3/5 or 3/5/24: a year of two digits, which we refuse rather than
	// guess the century and the order.
	reTwoDigitYear = regexp.MustCompile(`^\d{1,2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$`)
	reDigits       = regexp.MustCompile(`^\d+$`)
)

// ParseDate reads a date cell as a civil date at 00:00 UTC. It takes a date
// cell's serial number (Cell.Date), a bare serial number of five digits, and
// the texts people type: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日,
// 20240305, 3/5/2024 (month first unless the first number is above 12) and
// 5.3.2024 (day first). A time of day after the date is dropped. A year of
// two digits, an impossible date (2024-02-30) and Excel's fictitious
// 1900-02-29 are refused with an error wrapping ErrValue.
func ParseDate(c Cell) (time.Time, error) {
	if c.Date && c.Raw != "" {
		if v, err := strconv.ParseFloat(c.Raw, 64); err == nil {
			return fromSerial(v)
		}
	}
	s := strings.ToLower(strings.TrimSpace(norm.NFKC.String(c.Text)))
	if s == "" {
		return time.Time{}, valueErr("empty date")
	}
	if len(s) > 64 {
		return time.Time{}, valueErr("not a date")
	}
	if m := reYearFirst.FindStringSubmatch(s); m != nil {
		return civil(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := reYearLast.FindStringSubmatch(s); m != nil {
		a, b, y := atoi(m[1]), atoi(m[3]), atoi(m[4])
		if m[2] == "." || a > 12 {
			a, b = b, a // day first
		}
		return civil(y, a, b)
	}
	if reDigits.MatchString(s) {
		switch len(s) {
		case 8: // 20240305
			return civil(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]))
		case 5: // a serial number that lost its date format (a CSV export)
			return fromSerial(float64(atoi(s)))
		}
		return time.Time{}, valueErr("%q is not a date: write it as 2024-03-05", s)
	}
	if reTwoDigitYear.MatchString(s) {
		return time.Time{}, valueErr("%q has a two-digit year: write the year in full, as 2024-03-05", s)
	}
	for _, layout := range []string{"Jan 2, 2006", "Jan 2 2006", "2 Jan 2006", "January 2, 2006", "2 January 2006", "2-Jan-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return civil(t.Year(), int(t.Month()), t.Day())
		}
	}
	return time.Time{}, valueErr("%q is not a date: write it as 2024-03-05", s)
}

// fromSerial converts a serial number of the 1900 date system; the time of
// day (the fraction) is dropped.
func fromSerial(v float64) (time.Time, error) {
	switch {
	case math.IsNaN(v) || v < 1 || v > serialMax:
		return time.Time{}, valueErr("%v is not a date serial number", v)
	case math.Floor(v) == serialLeapBug:
		return time.Time{}, valueErr("1900-02-29 does not exist")
	}
	days := int(math.Floor(v))
	if days < serialLeapBug {
		return epoch1900.AddDate(0, 0, days), nil
	}
	return epochBug.AddDate(0, 0, days), nil
}

// civil builds a date, refusing one that time.Date would roll over
// (2024-02-30 is not March 1st) and years outside 1900..9999.
func civil(y, m, d int) (time.Time, error) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || y > 9999 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, valueErr("%04d-%02d-%02d is not a date", y, m, d)
	}
	return t, nil
}

// toSerial is fromSerial's inverse, for the writer and the tests.
func toSerial(t time.Time) float64 {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	days := float64((d.Unix() - epochBug.Unix()) / 86400)
	if days < serialLeapBug+1 {
		days--
	}
	return days
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// valueErr builds a parser's error: readable on its own, and wrapping
// ErrValue so the importer can tell a bad value from a failure.
func valueErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrValue, fmt.Sprintf(format, args...))
}
