package chat

import (
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/credit"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// maxCardOverdue is how many overdue receivables the card lists; the rest
// are counted.
const maxCardOverdue = 3

// creditOf judges a client's open receivables by the churn scan's credit
// thresholds, so the card and the alert never disagree.
func (r *req) creditOf(open []client.Receivable) credit.Assessment {
	items := make([]credit.Overdue, 0, len(open))
	for _, x := range open {
		if x.DaysOverdue > 0 {
			items = append(items, credit.Overdue{Cents: x.OutstandingCents, Days: x.DaysOverdue})
		}
	}
	return r.a.churn.Credit().Assess(items)
}

// standingMark puts a sign before a standing other than good.
func standingMark(s credit.Standing) string {
	switch s {
	case credit.Watch:
		return "🟡"
	case credit.AtRisk:
		return "🔴"
	}
	return "🟢"
}

// writeReceivables writes the card's receivables part: the credit standing,
// each overdue receivable with its days overdue, and what is owed but not
// yet due. Nothing when the client owes nothing with a due date.
func (r *req) writeReceivables(b *strings.Builder, open []client.Receivable) {
	if len(open) == 0 {
		return
	}
	l := r.l
	a := r.creditOf(open)
	fmt.Fprintf(b, "\n<b>%s</b> · %s%s%s\n", l.T("应收账款", "Receivables"), l.T("信用：", "credit: "),
		standingMark(a.Standing), a.Standing.Text(string(l)))
	var shown int
	var notDue int64
	var notDueN int
	for _, x := range open {
		if x.DaysOverdue == 0 {
			notDue += x.OutstandingCents
			notDueN++
			continue
		}
		if shown == maxCardOverdue {
			continue
		}
		shown++
		b.WriteString(r.overdueLine(x) + "\n")
	}
	if a.Count > shown {
		fmt.Fprintf(b, l.T("…共 %d 笔逾期，¥%s\n", "…%d overdue in all, ¥%s\n"), a.Count, credit.Yuan(a.Cents))
	}
	if notDueN > 0 {
		fmt.Fprintf(b, "%s¥%s（%s）\n", l.T("未到期：", "Not yet due: "), credit.Yuan(notDue), l.F("%d 笔", "%d", notDueN))
	}
}

// overdueLine is one overdue receivable: the deal, what is still owed, the
// days overdue and the due date.
func (r *req) overdueLine(x client.Receivable) string {
	l := r.l
	return l.F("⚠️ %s %s：未收 ¥%s，逾期 %d 天（%s 到期）", "⚠️ %s %s: ¥%s owed, %d days overdue (due %s)",
		x.DealOn.Format("2006-01-02"), esc(clip(x.Description, 20)), x.Outstanding, x.DaysOverdue, x.DueOn.Format("01-02"))
}

// dueText says when a receivable is due: overdue by how many days, due
// when, or not tracked.
func dueText(l i18n.Lang, x client.Receivable) string {
	switch {
	case x.DueOn == nil:
		return l.T("未设到期日", "no due date")
	case x.DaysOverdue > 0:
		return l.F("%s 到期 ⚠️逾期 %d 天", "due %s ⚠️%d days overdue", x.DueOn.Format("2006-01-02"), x.DaysOverdue)
	case x.Outstanding == "0.00":
		return l.F("%s 到期，已结清", "due %s, paid", x.DueOn.Format("2006-01-02"))
	}
	return l.F("%s 到期", "due %s", x.DueOn.Format("2006-01-02"))
}
