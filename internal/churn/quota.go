package churn

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// MaxNormalAlerts is how many normal-tier clients a manager is alerted about
// one by one in a scan. The first scan after deployment (or after a long
// quiet spell) can find hundreds at risk at once; one message each would bury
// the manager, one per second, for minutes. Strategic and key clients are
// always alerted one by one; the normal ones past the cap are named in one
// summary, and /risk lists them all with their buttons.
const MaxNormalAlerts = 20

// summaryNames is how many clients a summary names before "and N more".
const summaryNames = 15

// alertQuota counts one scan's alerts per recipient. It holds an entry per
// manager, never per client, so memory stays flat.
type alertQuota struct {
	max  int
	sent map[int64]int
	over map[int64]*overflow
}

// overflow is what a recipient was not alerted about one by one.
type overflow struct {
	to    recipient
	n     int
	names []string
}

func newAlertQuota(max int) *alertQuota {
	return &alertQuota{max: max, sent: map[int64]int{}, over: map[int64]*overflow{}}
}

// take reports whether to may get an individual alert for e; an alert that
// may not is counted for the summary instead.
func (q *alertQuota) take(e Episode, to recipient) bool {
	if e.Tier != "normal" || q.sent[to.StaffID] < q.max {
		q.sent[to.StaffID]++
		return true
	}
	o := q.over[to.StaffID]
	if o == nil {
		o = &overflow{to: to}
		q.over[to.StaffID] = o
	}
	o.n++
	if len(o.names) < summaryNames {
		o.names = append(o.names, e.ClientName)
	}
	return false
}

// summaries are the messages naming the clients past the cap, one per
// recipient, keyed by day so a rerun adds nothing.
func (q *alertQuota) summaries(today time.Time) []outbox.Message {
	var msgs []outbox.Message
	for id, o := range q.over {
		msgs = append(msgs, outbox.Message{
			Key:     fmt.Sprintf("churn:more:%s:staff:%d", today.Format(time.DateOnly), id),
			ChatID:  o.to.ChatID,
			StaffID: id,
			Kind:    KindAlert,
			Text:    SummaryText(o.n, o.names, o.to.Lang),
			Buttons: [][]outbox.Button{{{
				Text: i18n.Parse(o.to.Lang).T("⚠️ 查看全部流失预警", "⚠️ All clients at risk"),
				Data: callback.RiskPage{Page: 0}.Data(),
			}}},
		})
	}
	return msgs
}

// SummaryText tells a manager about n more normal-tier clients at risk, of
// which names are the first. HTML; lang is a code i18n.Parse reads.
func SummaryText(n int, names []string, lang string) string {
	l := i18n.Parse(lang)
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = html.EscapeString(name)
	}
	list := strings.Join(quoted, l.T("、", ", "))
	if n > len(names) {
		list += l.F(" 等 %d 个", " and %d more", n-len(names))
	}
	return l.F("⚠️ <b>流失预警</b>：今天另有 %d 个普通客户出现流失风险（未逐条提醒）：\n%s\n\n请用 /risk 逐一查看原因并安排挽回拜访。",
		"⚠️ <b>Churn alert</b>: %d more normal-tier clients are at risk today (not alerted one by one):\n%s\n\nSee each one's reasons and assign win-back visits with /risk.", n, list)
}
