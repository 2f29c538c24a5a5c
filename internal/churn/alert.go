package churn

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// Kinds of the outbox messages this package enqueues.
const (
	KindAlert   = "churn"
	KindWinback = "winback"
)

// t picks the Chinese or the English text for lang.
func t(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// writeReasons lists every reason, one bullet a line.
func writeReasons(b *strings.Builder, reasons []Reason, lang string) {
	for _, r := range reasons {
		b.WriteString("\n• ")
		b.WriteString(r.Text(lang))
	}
}

// AlertText is the alert managers get when an episode opens: the client,
// its tier, stage and owner, and every reason. HTML.
func AlertText(e Episode, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s<b>%s</b>\n%s · %s · %s%s\n%s", t(lang, "⚠️ <b>流失预警</b>：", "⚠️ <b>Churn alert</b>: "),
		html.EscapeString(e.ClientName), TierLabel(e.Tier, lang), StageLabel(e.Stage, lang),
		t(lang, "负责人：", "owner: "), ownerName(e.OwnerName, lang), t(lang, "原因：", "Why:"))
	writeReasons(&b, e.Reasons, lang)
	b.WriteString(t(lang, "\n\n请指派挽回拜访，或确认已知悉。", "\n\nAssign a win-back visit, or acknowledge."))
	return b.String()
}

func ownerName(name, lang string) string {
	if name == "" {
		return t(lang, "无", "none")
	}
	return html.EscapeString(name)
}

// alertMessage is the alert of episode e for one manager.
func alertMessage(e Episode, to recipient) outbox.Message {
	id, cid := strconv.FormatInt(e.ID, 10), strconv.FormatInt(e.ClientID, 10)
	return outbox.Message{
		Key:     fmt.Sprintf("churn:%d:staff:%d", e.ID, to.StaffID),
		ChatID:  to.ChatID,
		StaffID: to.StaffID,
		Kind:    KindAlert,
		Text:    AlertText(e, to.Lang),
		Buttons: [][]outbox.Button{
			{
				{Text: t(to.Lang, "🔁 指派挽回拜访", "🔁 Assign win-back visit"), Data: "cw:" + id},
				{Text: t(to.Lang, "✓ 已知悉", "✓ Acknowledge"), Data: "ca:" + id},
			},
			{{Text: t(to.Lang, "打开客户卡片", "Open client card"), Data: "c:" + cid}},
		},
	}
}

// WinbackText asks the assigned salesperson for a win-back visit by due,
// saying who asked and why the client is at risk. HTML.
func WinbackText(e Episode, by string, due, today time.Time, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s<b>%s</b>（%s）\n", t(lang, "🔁 <b>挽回拜访</b>：", "🔁 <b>Win-back visit</b>: "),
		html.EscapeString(e.ClientName), TierLabel(e.Tier, lang))
	if lang == "en" {
		fmt.Fprintf(&b, "%s asks you to visit this client by %s.\nWhy it is at risk:", html.EscapeString(by), dates.FormatRel(due, today, lang))
	} else {
		fmt.Fprintf(&b, "%s 请你在 %s 前拜访该客户。\n流失预警原因：", html.EscapeString(by), dates.FormatRel(due, today, lang))
	}
	writeReasons(&b, e.Reasons, lang)
	return b.String()
}

// winbackMessage is the request to the assigned salesperson.
func winbackMessage(e Episode, to recipient, by string, due, today time.Time) outbox.Message {
	cid := strconv.FormatInt(e.ClientID, 10)
	return outbox.Message{
		Key:     fmt.Sprintf("winback:%d:staff:%d", e.ID, to.StaffID),
		ChatID:  to.ChatID,
		StaffID: to.StaffID,
		Kind:    KindWinback,
		Text:    WinbackText(e, by, due, today, to.Lang),
		Buttons: [][]outbox.Button{{
			{Text: t(to.Lang, "打开客户卡片", "Open client card"), Data: "c:" + cid},
			{Text: t(to.Lang, "📝 记拜访", "📝 Log visit"), Data: "v:" + cid},
		}},
	}
}
