// Package holiday is the built-in calendar of the holidays on which sales
// teams greet their clients (节假日问候): the fixed-date ones and the lunar
// ones, whose Gregorian dates move every year and are computed with
// github.com/6tail/lunar-go. It does no I/O; custom dates and birthdays live
// in internal/greeting.
package holiday

import (
	"sort"
	"sync"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// Occasion is one day worth a greeting: a built-in holiday, or a custom date
// that internal/greeting adds with a key of its own.
type Occasion struct {
	Key  string    // stable name used for templates and dedup: "spring_festival", "custom:7"
	Zh   string    // name in Chinese, as the greeting says it: 春节
	En   string    // name in English: Spring Festival
	Date time.Time // the day, at 00:00 UTC
}

// Name returns the occasion's name in lang ("en" or, for anything else, zh).
func (o Occasion) Name(lang string) string {
	if lang == "en" && o.En != "" {
		return o.En
	}
	if o.Zh == "" {
		return o.En
	}
	return o.Zh
}

// The built-in occasion keys.
const (
	NewYear        = "new_year"
	SpringFestival = "spring_festival"
	Lantern        = "lantern"
	LabourDay      = "labour_day"
	DragonBoat     = "dragon_boat"
	MidAutumn      = "mid_autumn"
	NationalDay    = "national_day"
)

// rule says when a built-in occasion falls: on a Gregorian month and day, or
// (lunar) on a day of a regular (not leap) lunar month.
type rule struct {
	key, zh, en string
	lunar       bool
	month, day  int
}

// rules are in calendar order, which is also the order of occasions that
// share a day (中秋节 before 国庆节 on 2020-10-01).
var rules = []rule{
	{NewYear, "元旦", "New Year's Day", false, 1, 1},
	{SpringFestival, "春节", "Spring Festival", true, 1, 1},
	{Lantern, "元宵节", "Lantern Festival", true, 1, 15},
	{LabourDay, "劳动节", "Labour Day", false, 5, 1},
	{DragonBoat, "端午节", "Dragon Boat Festival", true, 5, 5},
	{MidAutumn, "中秋节", "Mid-Autumn Festival", true, 8, 15},
	{NationalDay, "国庆节", "National Day", false, 10, 1},
}

// The years whose lunar holidays are computed. Every lunar holiday of lunar
// year Y falls in Gregorian year Y (正月初一 is never before January 21 nor
// 八月十五 after October), so lunar dates outside this span are simply left
// out rather than computed for centuries no ledger will see.
const (
	minLunarYear = 1901
	maxLunarYear = 2099
)

// Builtin returns the built-in occasions in calendar order, without dates:
// the list of keys and names that templates are written for.
func Builtin() []Occasion {
	out := make([]Occasion, len(rules))
	for i, r := range rules {
		out[i] = Occasion{Key: r.key, Zh: r.zh, En: r.en}
	}
	return out
}

// Lookup returns the built-in occasion with the key, without a date.
func Lookup(key string) (Occasion, bool) {
	for _, r := range rules {
		if r.key == key {
			return Occasion{Key: r.key, Zh: r.zh, En: r.en}, true
		}
	}
	return Occasion{}, false
}

// On returns the built-in occasions falling on day's calendar date (read in
// day's own location), in calendar order.
func On(day time.Time) []Occasion {
	d := dayOf(day)
	return Between(d, d)
}

// Between returns the built-in occasions from from's calendar date to to's,
// both included, in date order. It is empty when to is before from.
func Between(from, to time.Time) []Occasion {
	from, to = dayOf(from), dayOf(to)
	var out []Occasion
	for y := from.Year(); y <= to.Year(); y++ {
		for _, o := range inYear(y) {
			if !o.Date.Before(from) && !o.Date.After(to) {
				out = append(out, o)
			}
		}
	}
	return out
}

// years caches each Gregorian year's occasions: the lunar conversion is the
// expensive part and a year's answer never changes.
var years sync.Map // int -> []Occasion

// inYear returns the built-in occasions of Gregorian year y in date order.
func inYear(y int) []Occasion {
	if v, ok := years.Load(y); ok {
		return v.([]Occasion)
	}
	var out []Occasion
	for _, r := range rules {
		var d time.Time
		switch {
		case !r.lunar:
			d = time.Date(y, time.Month(r.month), r.day, 0, 0, 0, 0, time.UTC)
		case y >= minLunarYear && y <= maxLunarYear:
			// lunar-go numbers a leap month negatively, so month 5 here is
			// the regular fifth month even in a year with a 闰五月.
			s := calendar.NewLunarFromYmd(y, r.month, r.day).GetSolar()
			d = time.Date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay(), 0, 0, 0, 0, time.UTC)
		default:
			continue
		}
		out = append(out, Occasion{Key: r.key, Zh: r.zh, En: r.en, Date: d})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	years.Store(y, out)
	return out
}

// dayOf is t's calendar date, in t's own location, at 00:00 UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
