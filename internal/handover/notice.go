package handover

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// noticePart is the most text one notice message carries; a longer list is
// split over several messages, well under Telegram's 4096.
const noticePart = 3500

// maxCardButtons is how many card buttons one notice message carries.
const maxCardButtons = 8

// notify tells each receiver other than the actor what they received, in
// their language, through the outbox in tx. Keys are
// "handover:<origin>:to:<staff>:<part>": a re-run of the same request adds
// nothing.
func notify(ctx context.Context, tx pgx.Tx, actorID int64, moved []Moved, origin string) (map[int64]string, error) {
	people := map[int64]person{}
	get := func(id int64) (person, error) {
		if p, ok := people[id]; ok || id == 0 {
			return p, nil
		}
		p, err := loadPerson(ctx, tx, id)
		if err != nil {
			return p, err
		}
		people[id] = p
		return p, nil
	}
	by := map[int64][]Moved{}
	var order []int64
	for _, m := range moved {
		if _, ok := by[m.To]; !ok {
			order = append(order, m.To)
		}
		by[m.To] = append(by[m.To], m)
	}
	names := map[int64]string{}
	var msgs []outbox.Message
	actor, err := get(actorID)
	if err != nil {
		return nil, err
	}
	for _, to := range order {
		p, err := get(to)
		if err != nil {
			return nil, err
		}
		names[to] = p.Name
		if to == actorID || p.ChatID == 0 {
			continue // they did it themselves and see the result on screen
		}
		l := i18n.Parse(p.Lang)
		var lines []string
		for _, m := range by[to] {
			from, err := get(m.From)
			if err != nil {
				return nil, err
			}
			lines = append(lines, line(l, m, from.Name))
		}
		head := l.F("📦 <b>客户交接</b>\n%s 把以下客户或待办交给了您：\n", "📦 <b>Clients handed over</b>\n%s handed you these clients or open items:\n",
			html.EscapeString(actor.Name))
		msgs = append(msgs, parts(l, p, head, lines, by[to], origin)...)
	}
	if _, err := outbox.Enqueue(ctx, tx, msgs...); err != nil {
		return nil, fmt.Errorf("queue hand-over notices: %w", err)
	}
	return names, nil
}

// line is one client of a notice.
func line(l i18n.Lang, m Moved, fromName string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "• <b>%s</b>", html.EscapeString(m.Name))
	if fromName != "" {
		fmt.Fprintf(&b, l.T("（原负责人：%s）", " (from %s)"), html.EscapeString(fromName))
	}
	if !m.Owner {
		b.WriteString(l.T(" — 仅待办事项", " — open items only"))
	}
	var extra []string
	if m.Feedback > 0 {
		extra = append(extra, l.F("未结反馈 %d 条", "%d open feedback", m.Feedback))
	}
	if m.FollowUps > 0 {
		extra = append(extra, l.F("待跟进 %d 条", "%d follow-ups", m.FollowUps))
	}
	if m.Winbacks > 0 {
		extra = append(extra, l.T("流失挽回", "churn win-back"))
	}
	if m.Owner && m.NextReview != nil {
		extra = append(extra, l.F("下次复核 %s", "next review %s", m.NextReview.Format(time.DateOnly)))
	}
	if len(extra) > 0 {
		b.WriteString("\n  " + strings.Join(extra, " · "))
	}
	return b.String()
}

// parts splits one receiver's notice into messages of at most noticePart.
// lines[i] is the line of moved[i].
func parts(l i18n.Lang, p person, head string, lines []string, moved []Moved, origin string) []outbox.Message {
	var msgs []outbox.Message
	var b strings.Builder
	var buttons [][]outbox.Button
	flush := func() {
		if b.Len() == 0 {
			return
		}
		msgs = append(msgs, outbox.Message{
			Key:    fmt.Sprintf("handover:%s:to:%d:%d", origin, p.ID, len(msgs)+1),
			ChatID: p.ChatID, StaffID: p.ID, Kind: "handover",
			Text: strings.TrimRight(b.String(), "\n"), Buttons: buttons,
		})
		b.Reset()
		buttons = nil
	}
	b.WriteString(head)
	for i, ln := range lines {
		if b.Len()+len(ln) > noticePart {
			flush()
			b.WriteString(l.T("📦 <b>客户交接（续）</b>\n", "📦 <b>Clients handed over (continued)</b>\n"))
		}
		b.WriteString(ln + "\n")
		if len(buttons) < maxCardButtons {
			buttons = append(buttons, []outbox.Button{{Text: l.T("打开 ", "Open ") + clip(moved[i].Name, 30),
				Data: callback.Card{Client: moved[i].ClientID}.Data()}})
		}
	}
	flush()
	return msgs
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
