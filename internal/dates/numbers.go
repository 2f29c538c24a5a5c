package dates

import (
	"strconv"
	"time"
)

// numPattern matches a count or a day number: up to four ASCII digits or a
// Chinese numeral such as 三, 两, 十二, 二十一.
const numPattern = `(\d{1,4}|[一二两三四五六七八九十]{1,3})`

var cnDigits = map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// number reads what numPattern matched.
func number(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0
	}
	return cnNumber(s)
}

// cnNumber reads a Chinese numeral from 1 to 99: 三, 十, 十二, 二十, 三十一.
// 两 counts only on its own (两周), as people write it.
func cnNumber(s string) (int, bool) {
	rs := []rune(s)
	digit := func(r rune) (int, bool) {
		d, ok := cnDigits[r]
		return d, ok && r != '两'
	}
	switch len(rs) {
	case 1:
		if rs[0] == '十' {
			return 10, true
		}
		d, ok := cnDigits[rs[0]]
		return d, ok
	case 2:
		if rs[0] == '十' {
			d, ok := digit(rs[1])
			return 10 + d, ok
		}
		if rs[1] == '十' {
			d, ok := digit(rs[0])
			return 10 * d, ok && d >= 2
		}
	case 3:
		if rs[1] == '十' {
			a, okA := digit(rs[0])
			b, okB := digit(rs[2])
			return 10*a + b, okA && okB && a >= 2
		}
	}
	return 0, false
}

// date builds a day, refusing impossible ones (2026-02-30) instead of letting
// time.Date roll them over.
func date(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonths moves t by n months, clamping the day to the end of the target
// month (1月31日 + 1 month = 2月28日 or 29日).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	d := min(t.Day(), daysIn(first.Year(), first.Month()))
	return first.AddDate(0, 0, d-1)
}

// monthEnd is the last day of t's month.
func monthEnd(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), daysIn(t.Year(), t.Month()), 0, 0, 0, 0, time.UTC)
}
