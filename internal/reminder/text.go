package reminder

import (
	"fmt"
	"html"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// lang is a recipient's language: "en", or Chinese for anything else.
type lang string

// t picks the text for the language.
func (l lang) t(zh, en string) string {
	if l == "en" {
		return en
	}
	return zh
}

// f formats the text for the language.
func (l lang) f(zh, en string, args ...any) string { return fmt.Sprintf(l.t(zh, en), args...) }

// labels are the words for the ledger's codes, in the terms of DOMAIN.md.
var labels = map[string][2]string{
	"strategic": {"战略客户", "strategic"}, "key": {"重点客户", "key"}, "normal": {"普通客户", "normal"},
	"onsite": {"上门拜访", "on-site"}, "phone": {"电话", "phone"}, "video": {"视频", "video"}, "other": {"其他", "other"},
	"complaint": {"投诉", "complaint"}, "suggestion": {"建议", "suggestion"}, "praise": {"表扬", "praise"}, "request": {"需求", "request"},
	"low": {"低", "low"}, "medium": {"中", "medium"}, "high": {"高", "high"},
	"open": {"待处理", "open"}, "in_progress": {"处理中", "in progress"},
}

// label writes a code in the language, or the code itself when unknown.
func (l lang) label(code string) string {
	if p, ok := labels[code]; ok {
		return l.t(p[0], p[1])
	}
	return code
}

// date writes a day, without the year in Chinese when it is this year's.
func (l lang) date(d, today time.Time) string { return dates.FormatRel(d, today, string(l)) }

// overdue writes how long ago a due day was: "（已逾期 3 天）" / " (3 days overdue)",
// or "（今天）" / " (today)".
func (l lang) overdue(due, today time.Time) string {
	days := int(today.Sub(due).Hours() / 24)
	switch {
	case days <= 0:
		return l.t("（今天）", " (today)")
	case days == 1:
		return l.t("（已逾期 1 天）", " (1 day overdue)")
	}
	return l.f("（已逾期 %d 天）", " (%d days overdue)", days)
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

// id writes an id for callback data.
func id(n int64) string { return strconv.FormatInt(n, 10) }

// cardButton opens the client's card.
func (l lang) cardButton(clientID int64) outbox.Button {
	return outbox.Button{Text: l.t("打开客户卡片", "Open client card"), Data: "c:" + id(clientID)}
}
