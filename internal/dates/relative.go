package dates

import (
	"regexp"
	"strings"
	"time"
)

var (
	reRelative = regexp.MustCompile(`^(?:\+ ?|in )?` + numPattern +
		` ?(d|days?|天|日|w|wks?|weeks?|周|星期|个星期|个礼拜|礼拜|m|mos?|months?|个月)(?: ?(?:后|之后|以后|later))?$`)
	reWeekdayCN = regexp.MustCompile(`^(下下个?|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])$`)
)

// words are the fixed expressions, by how many days, weeks or months they
// move from today; monthEnd marks the last day of the month reached.
var words = map[string]struct {
	days, months int
	monthEnd     bool
}{
	"今天": {}, "今日": {}, "today": {},
	"明天": {days: 1}, "明日": {days: 1}, "tomorrow": {days: 1}, "tmr": {days: 1}, "tmrw": {days: 1},
	"后天": {days: 2}, "day after tomorrow": {days: 2}, "大后天": {days: 3},
	"昨天": {days: -1}, "昨日": {days: -1}, "yesterday": {days: -1}, "前天": {days: -2},
	"下周": {days: 7}, "下个周": {days: 7}, "下星期": {days: 7}, "下个星期": {days: 7},
	"下礼拜": {days: 7}, "下个礼拜": {days: 7}, "next week": {days: 7},
	"下下周": {days: 14}, "下下个星期": {days: 14}, "下下礼拜": {days: 14},
	"半个月": {days: 15}, "半个月后": {days: 15}, "半月": {days: 15}, "半月后": {days: 15},
	"下个月": {months: 1}, "下月": {months: 1}, "next month": {months: 1},
	"月底": {monthEnd: true}, "本月底": {monthEnd: true}, "这个月底": {monthEnd: true},
	"end of month": {monthEnd: true}, "end of the month": {monthEnd: true}, "eom": {monthEnd: true},
	"下月底": {months: 1, monthEnd: true}, "下个月底": {months: 1, monthEnd: true},
	"end of next month": {months: 1, monthEnd: true},
}

// parseWord reads the fixed expressions in words.
func parseWord(s string, today time.Time) (time.Time, bool) {
	w, ok := words[s]
	if !ok {
		return time.Time{}, false
	}
	if w.monthEnd {
		first := time.Date(today.Year(), today.Month()+time.Month(w.months), 1, 0, 0, 0, 0, time.UTC)
		return monthEnd(first), true
	}
	return addMonths(today, w.months).AddDate(0, 0, w.days), true
}

// parseRelative reads a count and a unit: +3d, 3天, 3天后, 2w, 两周后,
// 1个月, in 2 weeks. Months clamp to the end of the target month.
func parseRelative(s string, today time.Time) (time.Time, bool) {
	m := reRelative.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	n, ok := number(m[1])
	// A bare 3日 is a day of the month (parseDayOfMonth); only 3日后 counts days.
	if !ok || strings.HasSuffix(s, "日") {
		return time.Time{}, false
	}
	switch m[2] {
	case "d", "day", "days", "天", "日":
		return today.AddDate(0, 0, n), true
	case "m", "mo", "mos", "month", "months", "个月":
		return addMonths(today, n), true
	}
	return today.AddDate(0, 0, 7*n), true
}

var weekdaysEN = map[string]int{
	"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
	"thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
	"sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}

const weekdaysCN = "一二三四五六日"

// parseWeekday reads named weekdays. Weeks run Monday to Sunday, as in
// China. A bare day (周五, friday) is the next such day after today, never
// today; 下周二 and next tue are that day of next week; 下下周二 the week
// after; 这周五 and 本周五 that day of this week, which may have passed.
func parseWeekday(s string, today time.Time) (time.Time, bool) {
	var prefix string
	var target int
	if m := reWeekdayCN.FindStringSubmatch(s); m != nil {
		prefix = strings.TrimSuffix(m[1], "个")
		switch d := m[2]; {
		case d == "天":
			target = 6
		case d >= "1" && d <= "7":
			target = int(d[0] - '1')
		default:
			target = strings.Index(weekdaysCN, d) / len("一")
		}
	} else {
		name, next := strings.CutPrefix(s, "next ")
		t, ok := weekdaysEN[name]
		if !ok {
			return time.Time{}, false
		}
		target = t
		if next {
			prefix = "下"
		}
	}
	cur := (int(today.Weekday()) + 6) % 7 // Monday = 0
	var delta int
	switch prefix {
	case "":
		delta = (target - cur + 7) % 7
		if delta == 0 {
			delta = 7
		}
	case "下":
		delta = 7 - cur + target
	case "下下":
		delta = 14 - cur + target
	default: // 这, 本
		delta = target - cur
	}
	return today.AddDate(0, 0, delta), true
}
