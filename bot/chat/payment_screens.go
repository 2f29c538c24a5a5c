package chat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/credit"
)

// Receivables (应收账款) and payments (回款) from the card: the client's
// deals with what is still owed, one deal's receivable with its payments,
// and the two short flows that set a deal's terms and record a payment
// (payment_flow.go). Reading is for whoever sees the client; changing for
// who may edit it (the domain checks again).

// creditButton routes the buttons of receivables and of the survey.
func (r *req) creditButton(a callback.Action) error {
	switch a := a.(type) {
	case callback.Receivables:
		return r.receivables(a.Client)
	case callback.DealReceivable:
		return r.dealReceivable(a.Deal, "")
	case callback.DealTerms:
		return r.startTerms(a.Deal)
	case callback.DealPayment:
		return r.startPayment(a.Deal)
	case callback.SurveyAnswer:
		return r.surveyForStaff()
	}
	return r.invalidButton()
}

// receivablesShown is how many deals the receivables screen lists.
const receivablesShown = 8

// receivables lists a client's deals with what is owed on each, open ones
// first, under the client's credit standing.
func (r *req) receivables(clientID int64) error {
	c, ok, err := r.visibleClient(clientID)
	if !ok {
		return err
	}
	rs, err := r.a.clients.Receivables(r.ctx, r.me.Actor(), c.ID, receivablesShown)
	if errors.Is(err, client.ErrNotFound) {
		return r.notFound()
	}
	if err != nil {
		return r.fail("list receivables", err)
	}
	// The credit line judges everything owed, as the card and the churn
	// alert do, not only the deals listed here.
	var open []client.Receivable
	batch := &pgx.Batch{}
	r.a.clients.QueueReceivables(batch, r.me.Actor(), c.ID, &open)
	if err := r.a.db.SendBatch(r.ctx, batch).Close(); err != nil {
		return r.fail("read open receivables", err)
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, "💴 <b>%s</b> · %s\n", esc(c.Name), l.T("应收账款", "receivables"))
	a := r.creditOf(open)
	fmt.Fprintf(&b, "%s%s%s", l.T("信用：", "Credit: "), standingMark(a.Standing), a.Standing.Text(string(l)))
	if a.Count > 0 {
		fmt.Fprintf(&b, l.T(" · 逾期 ¥%s（%d 笔，最长 %d 天）", " · ¥%s overdue (%d, up to %d days)"), credit.Yuan(a.Cents), a.Count, a.MaxDays)
	}
	b.WriteString("\n\n")
	if len(rs) == 0 {
		b.WriteString(l.T("暂无交易。记交易后，可在此设置开票金额和回款到期日、登记回款。",
			"No deals yet. Once a deal is recorded, set its invoice and due date and record payments here."))
	}
	var cells []string
	for i, x := range rs {
		fmt.Fprintf(&b, "%d. %s ¥%s %s\n   %s%s · %s\n", i+1, x.DealOn.Format("2006-01-02"), x.Billed, esc(clip(x.Description, 30)),
			l.T("未收 ¥", "owed ¥"), x.Outstanding, dueText(l, x))
		cells = append(cells, fmt.Sprintf("%d · %s", i+1, x.DealOn.Format("01-02")), callback.DealReceivable{Deal: x.DealID}.Data())
	}
	kb := telegram.NewKeyboard().Grid(4, cells...)
	kb.Row(l.T("« 返回客户卡片", "« Back to card"), callback.Card{Client: c.ID}.Data())
	_, err = r.show(b.String(), kb)
	return err
}

// dealReceivable shows one deal's receivable and payments, with the
// actions the user may take; notice, when set, heads the screen (what was
// just saved).
func (r *req) dealReceivable(dealID int64, notice string) error {
	x, ps, err := r.a.clients.Receivable(r.ctx, r.me.Actor(), dealID)
	if errors.Is(err, client.ErrNotFound) {
		return r.notice(r.l.T("找不到这笔交易，或您无权查看。", "That deal does not exist or you may not see it."))
	}
	if err != nil {
		return r.fail("read receivable", err)
	}
	l := r.l
	var b strings.Builder
	if notice != "" {
		b.WriteString(notice + "\n\n")
	}
	fmt.Fprintf(&b, "💴 <b>%s</b> · %s %s ¥%s\n", esc(x.ClientName), l.T("交易", "deal"), x.DealOn.Format("2006-01-02"), x.Amount)
	if x.Description != "" {
		b.WriteString(esc(clip(x.Description, 200)) + "\n")
	}
	if x.Invoiced != nil {
		fmt.Fprintf(&b, "%s¥%s\n", l.T("开票金额：", "Invoiced: "), *x.Invoiced)
	} else {
		fmt.Fprintf(&b, "%s¥%s%s\n", l.T("开票金额：", "Invoiced: "), x.Amount, l.T("（= 合同金额）", " (= the deal's amount)"))
	}
	fmt.Fprintf(&b, "%s%s\n", l.T("回款：", "Payment: "), dueText(l, x))
	fmt.Fprintf(&b, "%s¥%s · %s¥%s\n", l.T("已回款 ", "Paid "), x.Paid, l.T("未收 ", "owed "), x.Outstanding)
	if len(ps) > 0 {
		b.WriteString(l.T("\n回款记录：\n", "\nPayments:\n"))
		for _, p := range ps {
			fmt.Fprintf(&b, "%s ¥%s\n", p.PaidOn.Format("2006-01-02"), p.Amount)
		}
	}
	kb := telegram.NewKeyboard()
	if r.me.Actor().CanEdit(x.TeamID, x.OwnerID) {
		var row []string
		if x.OutstandingCents > 0 {
			row = append(row, l.T("💰 记回款", "💰 Record payment"), callback.DealPayment{Deal: x.DealID}.Data())
		}
		row = append(row, l.T("🗓 开票/到期日", "🗓 Invoice/due date"), callback.DealTerms{Deal: x.DealID}.Data())
		kb.Row(row...)
	}
	kb.Row(l.T("« 应收列表", "« Receivables"), callback.Receivables{Client: x.ClientID}.Data())
	_, err = r.show(b.String(), kb)
	return err
}
