package reminder

import (
	"html"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// dayText writes a day, without the year in Chinese when it is this year's.
func dayText(l i18n.Lang, d, today time.Time) string { return dates.FormatRel(d, today, string(l)) }

// lateText writes how long ago a due day was: "（已逾期 3 天）" / " (3 days overdue)",
// or "（今天）" / " (today)".
func lateText(l i18n.Lang, due, today time.Time) string {
	days := int(today.Sub(due).Hours() / 24)
	switch {
	case days <= 0:
		return l.T("（今天）", " (today)")
	case days == 1:
		return l.T("（已逾期 1 天）", " (1 day overdue)")
	}
	return l.F("（已逾期 %d 天）", " (%d days overdue)", days)
}

// esc makes user data safe inside Telegram HTML.
func esc(s string) string { return html.EscapeString(s) }

// clip shortens s to n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// cardButton opens the client's card.
func cardButton(l i18n.Lang, clientID int64) outbox.Button {
	return outbox.Button{Text: l.T("打开客户卡片", "Open client card"), Data: callback.Card{Client: clientID}.Data()}
}
