package dates

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// monday is the usual "today" of these tests: Monday 23 November 2026.
var monday = day(2026, 11, 23)

func TestParseReadsWhatSalespeopleType(t *testing.T) {
	t.Parallel()
	cases := []struct {
		today time.Time
		in    string
		want  time.Time
	}{
		// Absolute dates.
		{monday, "2026-12-01", day(2026, 12, 1)},
		{monday, "2026/12/1", day(2026, 12, 1)},
		{monday, "2026.12.1", day(2026, 12, 1)},
		{monday, "  2026-12-01\t", day(2026, 12, 1)},
		{monday, "２０２６－１２－０１", day(2026, 12, 1)},
		{monday, "２０２６／１２／１", day(2026, 12, 1)},
		{monday, "2026年12月1日", day(2026, 12, 1)},
		{monday, "2027年1月5号", day(2027, 1, 5)},
		{monday, "2025-01-01", day(2025, 1, 1)}, // the past is Parse's business only to read
		{monday, "2031-12-31", day(2031, 12, 31)},
		{monday, "2021-01-01", day(2021, 1, 1)},
		// Month and day: the next occurrence.
		{monday, "12-01", day(2026, 12, 1)},
		{monday, "12/1", day(2026, 12, 1)},
		{monday, "12.1", day(2026, 12, 1)},
		{monday, "11-23", day(2026, 11, 23)},
		{monday, "11/22", day(2027, 11, 22)},
		{monday, "1/5", day(2027, 1, 5)},
		{monday, "12月1日", day(2026, 12, 1)},
		{monday, "12月1号", day(2026, 12, 1)},
		{monday, "１２月１号", day(2026, 12, 1)},
		{monday, "十二月一日", day(2026, 12, 1)},
		{monday, "3月5日", day(2027, 3, 5)},
		// Day of month.
		{monday, "1日", day(2026, 12, 1)},
		{monday, "1号", day(2026, 12, 1)},
		{monday, "23号", day(2026, 11, 23)},
		{monday, "30日", day(2026, 11, 30)},
		{monday, "31日", day(2026, 12, 31)},
		{monday, "三十一号", day(2026, 12, 31)},
		// Relative.
		{monday, "今天", monday},
		{monday, "TODAY", monday},
		{monday, "明天", day(2026, 11, 24)},
		{monday, "Tomorrow", day(2026, 11, 24)},
		{monday, "后天", day(2026, 11, 25)},
		{monday, "大后天", day(2026, 11, 26)},
		{monday, "昨天", day(2026, 11, 22)},
		{monday, "+3d", day(2026, 11, 26)},
		{monday, "＋３ｄ", day(2026, 11, 26)},
		{monday, "3d", day(2026, 11, 26)},
		{monday, "3天", day(2026, 11, 26)},
		{monday, "3天后", day(2026, 11, 26)},
		{monday, "三天后", day(2026, 11, 26)},
		{monday, "3日后", day(2026, 11, 26)},
		{monday, "in 3 days", day(2026, 11, 26)},
		{monday, "十天后", day(2026, 12, 3)},
		{monday, "二十天后", day(2026, 12, 13)},
		{monday, "2w", day(2026, 12, 7)},
		{monday, "2周", day(2026, 12, 7)},
		{monday, "2周后", day(2026, 12, 7)},
		{monday, "两周后", day(2026, 12, 7)},
		{monday, "２周", day(2026, 12, 7)},
		{monday, "2 weeks", day(2026, 12, 7)},
		{monday, "两个星期后", day(2026, 12, 7)},
		{monday, "1m", day(2026, 12, 23)},
		{monday, "1个月", day(2026, 12, 23)},
		{monday, "一个月后", day(2026, 12, 23)},
		{monday, "半个月后", day(2026, 12, 8)},
		{monday, "下周", day(2026, 11, 30)},
		{monday, "next week", day(2026, 11, 30)},
		{monday, "next   week", day(2026, 11, 30)},
		{monday, "next month", day(2026, 12, 23)},
		{monday, "下个月", day(2026, 12, 23)},
		{monday, "月底", day(2026, 11, 30)},
		{monday, "End of Month", day(2026, 11, 30)},
		{monday, "下月底", day(2026, 12, 31)},
		// Weekdays: weeks run Monday to Sunday.
		{monday, "下周二", day(2026, 12, 1)},
		{monday, "下星期二", day(2026, 12, 1)},
		{monday, "下礼拜二", day(2026, 12, 1)},
		{monday, "下个星期二", day(2026, 12, 1)},
		{monday, "next tue", day(2026, 12, 1)},
		{monday, "NEXT TUESDAY", day(2026, 12, 1)},
		{monday, "ｎｅｘｔ ｔｕｅ", day(2026, 12, 1)},
		{monday, "周五", day(2026, 11, 27)},
		{monday, "星期五", day(2026, 11, 27)},
		{monday, "friday", day(2026, 11, 27)},
		{monday, "Fri", day(2026, 11, 27)},
		{monday, "周一", day(2026, 11, 30)}, // never today
		{monday, "monday", day(2026, 11, 30)},
		{monday, "下周一", day(2026, 11, 30)},
		{monday, "下周日", day(2026, 12, 6)},
		{monday, "周日", day(2026, 11, 29)},
		{monday, "星期天", day(2026, 11, 29)},
		{monday, "这周五", day(2026, 11, 27)},
		{monday, "下下周一", day(2026, 12, 7)},
		// Edge of year.
		{day(2026, 12, 31), "1/1", day(2027, 1, 1)},
		{day(2026, 12, 31), "明天", day(2027, 1, 1)},
		{day(2026, 12, 31), "1日", day(2027, 1, 1)},
		{day(2026, 12, 31), "周五", day(2027, 1, 1)},
		{day(2026, 12, 31), "下周", day(2027, 1, 7)},
		{day(2026, 12, 31), "月底", day(2026, 12, 31)},
		{day(2026, 12, 31), "next month", day(2027, 1, 31)},
		// Month-end clamping.
		{day(2026, 1, 31), "1m", day(2026, 2, 28)},
		{day(2026, 1, 31), "next month", day(2026, 2, 28)},
		{day(2026, 1, 31), "下月底", day(2026, 2, 28)},
		{day(2026, 1, 31), "30日", day(2026, 3, 30)},
		{day(2026, 3, 31), "1个月后", day(2026, 4, 30)},
		// Leap day.
		{day(2028, 1, 31), "1个月", day(2028, 2, 29)},
		{day(2028, 1, 31), "2-29", day(2028, 2, 29)},
		{day(2028, 1, 31), "2028-02-29", day(2028, 2, 29)},
		{day(2027, 3, 1), "2月29日", day(2028, 2, 29)},
		// A Sunday: next week's Monday is tomorrow, this week's Friday has passed.
		{day(2026, 11, 29), "下周一", day(2026, 11, 30)},
		{day(2026, 11, 29), "周日", day(2026, 12, 6)},
		{day(2026, 11, 29), "这周五", day(2026, 11, 27)},
	}
	for _, c := range cases {
		got, err := Parse(c.in, c.today)
		if err != nil {
			t.Errorf("Parse(%q, %s): %v", c.in, c.today.Format(time.DateOnly), err)
			continue
		}
		if !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("Parse(%q, %s) = %s, want %s", c.in, c.today.Format(time.DateOnly), got, c.want.Format(time.DateOnly))
		}
	}
}

func TestParseRejectsWhatIsNotADate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		today time.Time
		in    string
	}{
		{monday, ""},
		{monday, "   "},
		{monday, "hello"},
		{monday, "2026-02-30"},
		{monday, "2026-13-01"},
		{monday, "2026-00-10"},
		{monday, "2027-02-29"},
		{monday, "2/30"},
		{monday, "2/29"}, // neither 2026 nor 2027 has one
		{monday, "32日"},
		{monday, "0日"},
		{monday, "2032-01-01"}, // six years ahead
		{monday, "2020-12-31"}, // six years back
		{monday, "3000d"},
		{monday, "-3d"},
		{monday, "周八"},
		{monday, "下周八"},
		{monday, "next"},
		{monday, "next foo"},
		{monday, "1234567"},
		{monday, "12月"},
		{monday, "2026年"},
		{monday, "两十天"},
		{monday, "十一十天"},
		{monday, "2026-12-01 10:00"},
		{monday, "2026-12-01" + strings.Repeat(" ", 60) + "x"},
		{monday, strings.Repeat("明", 65)},
	}
	for _, c := range cases {
		got, err := Parse(c.in, c.today)
		if !errors.Is(err, ErrBadDate) {
			t.Errorf("Parse(%q) = %s, %v; want ErrBadDate", c.in, got, err)
		}
	}
}

func TestParseFutureRefusesOnlyDaysBeforeToday(t *testing.T) {
	t.Parallel()
	if _, err := ParseFuture("昨天", monday); !errors.Is(err, ErrPastDate) {
		t.Errorf("ParseFuture(昨天) err = %v, want ErrPastDate", err)
	}
	if _, err := ParseFuture("2026-11-22", monday); !errors.Is(err, ErrPastDate) {
		t.Errorf("ParseFuture(2026-11-22) err = %v, want ErrPastDate", err)
	}
	if d, err := ParseFuture("今天", monday); err != nil || !d.Equal(monday) {
		t.Errorf("ParseFuture(今天) = %s, %v; want today", d, err)
	}
	if _, err := ParseFuture("garbage", monday); !errors.Is(err, ErrBadDate) {
		t.Errorf("ParseFuture(garbage) err = %v, want ErrBadDate", err)
	}
}

func TestParseReadsTodayAsADayWhateverItsClockTime(t *testing.T) {
	t.Parallel()
	late := time.Date(2026, 11, 23, 23, 59, 0, 0, time.FixedZone("CST", 8*3600))
	got, err := Parse("明天", late)
	if err != nil || !got.Equal(day(2026, 11, 24)) {
		t.Fatalf("Parse(明天, %s) = %s, %v; want 2026-11-24", late, got, err)
	}
}
