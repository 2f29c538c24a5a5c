package churn

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// Kinds of the outbox messages this package enqueues.
const (
	KindAlert   = "churn"
	KindWinback = "winback"
)

// writeReasons lists every reason, one bullet a line.
func writeReasons(b *strings.Builder, reasons []Reason, lang string) {
	for _, r := range reasons {
		b.WriteString("\n• ")
		b.WriteString(r.Text(lang))
	}
}

// AlertText is the alert managers get when an episode opens: the client,
// its tier, stage and owner, and every reason. HTML; lang is a code
// i18n.Parse reads.
func AlertText(e Episode, lang string) string {
	l := i18n.Parse(lang)
	var b strings.Builder
	fmt.Fprintf(&b, "%s<b>%s</b>\n%s · %s · %s%s\n%s", l.T("⚠️ <b>流失预警</b>：", "⚠️ <b>Churn alert</b>: "),
		html.EscapeString(e.ClientName), label(l, i18n.Tier, e.Tier), label(l, i18n.Stage, e.Stage),
		l.T("负责人：", "owner: "), ownerName(e.OwnerName, l), l.T("原因：", "Why:"))
	writeReasons(&b, e.Reasons, lang)
	b.WriteString(l.T("\n\n请指派挽回拜访，或确认已知悉。", "\n\nAssign a win-back visit, or acknowledge."))
	return b.String()
}

func ownerName(name string, l i18n.Lang) string {
	if name == "" {
		return l.T("无", "none")
	}
	return html.EscapeString(name)
}

// alertMessage is the alert of episode e for one manager.
func alertMessage(e Episode, to recipient) outbox.Message {
	l := i18n.Parse(to.Lang)
	return outbox.Message{
		Key:     fmt.Sprintf("churn:%d:staff:%d", e.ID, to.StaffID),
		ChatID:  to.ChatID,
		StaffID: to.StaffID,
		Kind:    KindAlert,
		Text:    AlertText(e, to.Lang),
		Buttons: [][]outbox.Button{
			{
				{Text: l.T("🔁 指派挽回拜访", "🔁 Assign win-back visit"), Data: callback.ChooseWinback{Episode: e.ID}.Data()},
				{Text: l.T("✓ 已知悉", "✓ Acknowledge"), Data: callback.AckChurn{Episode: e.ID}.Data()},
			},
			{cardButton(l, e.ClientID)},
		},
	}
}

// WinbackText asks the assigned salesperson for a win-back visit by due,
// saying who asked and why the client is at risk. HTML; lang is a code
// i18n.Parse reads.
func WinbackText(e Episode, by string, due, today time.Time, lang string) string {
	l := i18n.Parse(lang)
	var b strings.Builder
	fmt.Fprintf(&b, "%s<b>%s</b>（%s）\n", l.T("🔁 <b>挽回拜访</b>：", "🔁 <b>Win-back visit</b>: "),
		html.EscapeString(e.ClientName), label(l, i18n.Tier, e.Tier))
	b.WriteString(l.F("%s 请你在 %s 前拜访该客户。\n流失预警原因：", "%s asks you to visit this client by %s.\nWhy it is at risk:",
		html.EscapeString(by), dates.FormatRel(due, today, lang)))
	writeReasons(&b, e.Reasons, lang)
	return b.String()
}

// winbackMessage is the request to the assigned salesperson.
func winbackMessage(e Episode, to recipient, by string, due, today time.Time) outbox.Message {
	l := i18n.Parse(to.Lang)
	return outbox.Message{
		Key:     fmt.Sprintf("winback:%d:staff:%d", e.ID, to.StaffID),
		ChatID:  to.ChatID,
		StaffID: to.StaffID,
		Kind:    KindWinback,
		Text:    WinbackText(e, by, due, today, to.Lang),
		Buttons: [][]outbox.Button{{
			cardButton(l, e.ClientID),
			{Text: l.T("📝 记拜访", "📝 Log visit"), Data: callback.StartVisit{Client: e.ClientID}.Data()},
		}},
	}
}

// cardButton opens the client's card.
func cardButton(l i18n.Lang, clientID int64) outbox.Button {
	return outbox.Button{Text: l.T("打开客户卡片", "Open client card"), Data: callback.Card{Client: clientID}.Data()}
}
