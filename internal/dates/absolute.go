package dates

import (
	"regexp"
	"strconv"
	"time"
)

var (
	reYMD        = regexp.MustCompile(`^(\d{4}) ?[-/.] ?(\d{1,2}) ?[-/.] ?(\d{1,2})$`)
	reMonthDay   = regexp.MustCompile(`^(\d{1,2}) ?[-/.] ?(\d{1,2})$`)
	reChinese    = regexp.MustCompile(`^(?:(\d{4}) ?年 ?)?` + numPattern + ` ?月 ?` + numPattern + ` ?[日号]?$`)
	reDayOfMonth = regexp.MustCompile(`^` + numPattern + ` ?[日号]$`)
)

// parseYMD reads 2026-12-01, 2026/12/1 and 2026.12.1.
func parseYMD(s string, _ time.Time) (time.Time, bool) {
	m := reYMD.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return date(y, mo, d)
}

// parseMonthDay reads 12-01, 12/1 and 12.1 as month and day.
func parseMonthDay(s string, today time.Time) (time.Time, bool) {
	m := reMonthDay.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	mo, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	return nextMonthDay(mo, d, today)
}

// parseChinese reads 2026年12月1日, 12月1日, 12月1号 and 十二月一日.
func parseChinese(s string, today time.Time) (time.Time, bool) {
	m := reChinese.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	mo, okM := number(m[2])
	d, okD := number(m[3])
	if !okM || !okD {
		return time.Time{}, false
	}
	if m[1] == "" {
		return nextMonthDay(mo, d, today)
	}
	y, _ := strconv.Atoi(m[1])
	return date(y, mo, d)
}

// parseDayOfMonth reads 1日 or 15号: that day of this month, or of the next
// month having such a day when it has passed.
func parseDayOfMonth(s string, today time.Time) (time.Time, bool) {
	m := reDayOfMonth.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	d, ok := number(m[1])
	if !ok {
		return time.Time{}, false
	}
	for i := range 3 {
		first := time.Date(today.Year(), today.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		if t, ok := date(first.Year(), int(first.Month()), d); ok && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false
}

// nextMonthDay is the next occurrence of month/day from today: this year,
// or next year when this year's has passed (or does not exist, 2月29日).
func nextMonthDay(mo, d int, today time.Time) (time.Time, bool) {
	for _, y := range []int{today.Year(), today.Year() + 1} {
		if t, ok := date(y, mo, d); ok && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false
}
