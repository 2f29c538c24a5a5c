package dates

import (
	"fmt"
	"time"
)

// Format writes a day for a reader of lang: "2026-12-01" in English,
// "2026年12月1日" otherwise (zh is the default language). Use FormatRel
// where today is known, to drop a year the reader can assume.
func Format(d time.Time, lang string) string {
	y, m, day := d.Date()
	if lang == "en" {
		return fmt.Sprintf("%04d-%02d-%02d", y, m, day)
	}
	return fmt.Sprintf("%d年%d月%d日", y, m, day)
}

// FormatRel is Format that leaves the year out of Chinese dates in today's
// year ("12月1日"); English dates stay ISO, which is unambiguous.
func FormatRel(d, today time.Time, lang string) string {
	if lang != "en" && d.Year() == today.Year() {
		_, m, day := d.Date()
		return fmt.Sprintf("%d月%d日", m, day)
	}
	return Format(d, lang)
}
