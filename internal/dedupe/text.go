package dedupe

import (
	"fmt"
	"html"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Reason says why a pair is listed: "同名" / "same name", "同一电话" /
// "same phone", "名称相似 87%" / "similar names 87%".
func Reason(l i18n.Lang, p Pair) string {
	switch p.Reason {
	case ReasonName:
		return l.T("同名", "same name")
	case ReasonPhone:
		return l.T("同一电话", "same phone")
	}
	return l.F("名称相似 %d%%", "similar names %d%%", int(p.Score*100))
}

// Line is the pair's line in a list, numbered n: both names (HTML-escaped)
// with their owners, and why.
func Line(l i18n.Lang, n int, p Pair) string {
	return fmt.Sprintf("%d. %s ↔ %s（%s）", n, side(l, p.A), side(l, p.B), Reason(l, p))
}

func side(l i18n.Lang, s Side) string {
	owner := s.OwnerName
	if owner == "" {
		owner = l.T("无负责人", "no owner")
	}
	return fmt.Sprintf("<b>%s</b> · %s", html.EscapeString(clip(s.Name, 40)), html.EscapeString(owner))
}

// clip shortens s to n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
