package dates

import (
	"fmt"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Format writes a day for a reader of lang (a code i18n.Parse reads):
// "2026-12-01" in English, "2026年12月1日" otherwise (zh is the default
// language). Use FormatRel where today is known, to drop a year the reader
// can assume.
func Format(d time.Time, lang string) string {
	y, m, day := d.Date()
	return i18n.Parse(lang).F("%d年%d月%d日", "%04d-%02d-%02d", y, int(m), day)
}

// FormatRel is Format that leaves the year out of Chinese dates in today's
// year ("12月1日"); English dates stay ISO, which is unambiguous.
func FormatRel(d, today time.Time, lang string) string {
	if i18n.Parse(lang) == i18n.ZH && d.Year() == today.Year() {
		_, m, day := d.Date()
		return fmt.Sprintf("%d月%d日", m, day)
	}
	return Format(d, lang)
}
