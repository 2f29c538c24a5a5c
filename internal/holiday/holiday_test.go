package holiday

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// The expected dates come from the State Council's yearly holiday notices
// (国务院办公厅关于…部分节假日安排的通知) and, for years without one yet, the
// lunisolar tables of github.com/vacanza/holidays (holidays/calendars/
// chinese.py), which are computed independently of lunar-go.
func TestOnFindsEachHolidayOnItsDay(t *testing.T) {
	t.Parallel()
	cases := []struct {
		date string
		want string
	}{
		{"2027-01-01", NewYear},
		{"2026-02-17", SpringFestival},
		{"2027-02-06", SpringFestival},
		{"2025-01-29", SpringFestival},
		{"2028-01-26", SpringFestival},
		{"2033-01-31", SpringFestival}, // the year of the "2033 problem" in lunar tables
		{"1985-02-20", SpringFestival},
		{"2027-02-20", Lantern},
		{"2026-03-03", Lantern},
		{"2025-02-12", Lantern},
		{"2027-05-01", LabourDay},
		{"2027-06-09", DragonBoat},
		{"2026-06-19", DragonBoat},
		{"2025-05-31", DragonBoat},
		{"2028-05-28", DragonBoat}, // 2028 has a leap fifth month; the festival is in the regular one
		{"2027-09-15", MidAutumn},
		{"2026-09-25", MidAutumn},
		{"2025-10-06", MidAutumn}, // after 2025's leap sixth month
		{"2024-09-17", MidAutumn},
		{"2027-10-01", NationalDay},
	}
	for _, c := range cases {
		got := On(day(c.date))
		if len(got) != 1 || got[0].Key != c.want || !got[0].Date.Equal(day(c.date)) {
			t.Errorf("On(%s) = %+v, want one %s", c.date, got, c.want)
		}
	}
}

func TestOnIsEmptyOnOrdinaryDaysAndTheLeapMonthsFifth(t *testing.T) {
	t.Parallel()
	for _, d := range []string{
		"2027-02-05", // lunar new year's eve
		"2027-02-07",
		"2026-02-16",
		"2027-09-16",
		"2028-06-26", // 闰五月初五 of 2028
		"2027-12-31",
	} {
		if got := On(day(d)); len(got) != 0 {
			t.Errorf("On(%s) = %+v, want nothing", d, got)
		}
	}
}

func TestOnListsTwoHolidaysOnOneDay(t *testing.T) {
	t.Parallel()
	got := On(day("2020-10-01")) // 中秋节 fell on 国庆节
	if len(got) != 2 || got[0].Key != MidAutumn || got[1].Key != NationalDay {
		t.Fatalf("On(2020-10-01) = %+v, want mid-autumn and national day", got)
	}
	if got[0].Zh != "中秋节" || got[1].En != "National Day" {
		t.Errorf("names: %+v", got)
	}
}

func TestOnReadsTheCalendarDateInTheValuesOwnZone(t *testing.T) {
	t.Parallel()
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	// 00:30 on 2027-02-06 in Shanghai is still 02-05 in UTC.
	if got := On(time.Date(2027, 2, 6, 0, 30, 0, 0, sh)); len(got) != 1 || got[0].Key != SpringFestival {
		t.Errorf("On(2027-02-06 00:30 Shanghai) = %+v", got)
	}
	if got := On(time.Date(2027, 2, 5, 23, 59, 0, 0, sh)); len(got) != 0 {
		t.Errorf("On(2027-02-05 23:59 Shanghai) = %+v, want nothing", got)
	}
}

func TestBetweenListsAYearInDateOrderAcrossYearEnd(t *testing.T) {
	t.Parallel()
	got := Between(day("2026-12-01"), day("2027-10-01"))
	want := []struct{ key, date string }{
		{NewYear, "2027-01-01"}, {SpringFestival, "2027-02-06"}, {Lantern, "2027-02-20"},
		{LabourDay, "2027-05-01"}, {DragonBoat, "2027-06-09"}, {MidAutumn, "2027-09-15"},
		{NationalDay, "2027-10-01"},
	}
	if len(got) != len(want) {
		t.Fatalf("Between = %+v, want %d occasions", got, len(want))
	}
	for i, w := range want {
		if got[i].Key != w.key || !got[i].Date.Equal(day(w.date)) {
			t.Errorf("occasion %d = %s %s, want %s %s", i, got[i].Key, got[i].Date.Format(time.DateOnly), w.key, w.date)
		}
	}
	if got := Between(day("2027-02-07"), day("2027-02-19")); len(got) != 0 {
		t.Errorf("Between 02-07..02-19 = %+v, want nothing", got)
	}
	if got := Between(day("2027-03-01"), day("2027-02-01")); len(got) != 0 {
		t.Errorf("Between with to before from = %+v", got)
	}
}

func TestBuiltinAndLookupNameEveryKey(t *testing.T) {
	t.Parallel()
	b := Builtin()
	if len(b) != 7 || b[0].Key != NewYear || b[6].Key != NationalDay {
		t.Fatalf("Builtin = %+v", b)
	}
	for _, o := range b {
		got, ok := Lookup(o.Key)
		if !ok || got != o || o.Zh == "" || o.En == "" || !o.Date.IsZero() {
			t.Errorf("Lookup(%s) = %+v, %v", o.Key, got, ok)
		}
	}
	if _, ok := Lookup("christmas"); ok {
		t.Error("Lookup(christmas) found something")
	}
	o, _ := Lookup(SpringFestival)
	if o.Name("en") != "Spring Festival" || o.Name("zh") != "春节" || o.Name("") != "春节" {
		t.Errorf("Name: %q %q", o.Name("en"), o.Name("zh"))
	}
}

func TestLunarHolidaysOutsideTheComputedYearsAreLeftOut(t *testing.T) {
	t.Parallel()
	got := Between(day("2150-01-01"), day("2150-12-31"))
	for _, o := range got {
		if o.Key == SpringFestival || o.Key == MidAutumn {
			t.Errorf("lunar holiday in 2150: %+v", o)
		}
	}
	if len(got) != 3 {
		t.Errorf("2150 = %+v, want the three fixed-date holidays", got)
	}
}

func BenchmarkUpcoming60Days(b *testing.B) {
	from := day("2027-01-15")
	for b.Loop() {
		Between(from, from.AddDate(0, 0, 60))
	}
}
