package chat

import (
	"errors"
	"strconv"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// The receivable flow, two taps in the common case:
//   - terms: amount invoiced (the deal's, or typed) → due date (a term of
//     30/60/90 days after the deal, a typed date, or none) → saved;
//   - payment: amount (all that is owed, or typed) → day (today, or typed)
//     → saved, keyed on the update so a retried one records it once.

// flowReceivable sets a deal's terms or records a payment against it.
const flowReceivable flow = "receivable"

// receivableDraft is the receivable flow's draft.
type receivableDraft struct {
	DealID      int64     `json:"deal_id"`
	DealOn      time.Time `json:"deal_on"`
	Amount      string    `json:"amount"`      // the deal's amount, for "same"
	Paid        string    `json:"paid"`        // paid so far, which the invoice may not go below
	Outstanding string    `json:"outstanding"` // owed, for "all"
	Pay         bool      `json:"pay,omitempty"`
	Invoiced    string    `json:"invoiced,omitempty"` // terms: "" is the deal's amount
	Payment     string    `json:"payment,omitempty"`  // payment: the amount
}

func (*receivableDraft) flow() flow { return flowReceivable }

// The receivable flow's steps.
const (
	stepInvoiced  step = "invoiced"
	stepDueOn     step = "due_on"
	stepPayAmount step = "pay_amount"
	stepPaidOn    step = "paid_on"
)

// The receivable flow's own choices: the deal's amount as invoiced, all
// that is owed as the payment, and a payment term in days after the deal.
const (
	choiceSame = "same"
	choiceAll  = "all"
)

// choiceTerm is a due date that many days after the deal: "term:30".
const choiceTerm choiceKind = "term"

// paymentTerms are the terms offered, in days after the deal (账期).
var paymentTerms = []int64{30, 60, 90}

// editableDeal reads a deal's receivable the user may change, answering
// otherwise.
func (r *req) editableDeal(dealID int64) (client.Receivable, bool, error) {
	x, _, err := r.a.clients.Receivable(r.ctx, r.me.Actor(), dealID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		return x, false, r.notice(r.l.T("找不到这笔交易，或您无权查看。", "That deal does not exist or you may not see it."))
	case err != nil:
		return x, false, r.fail("read receivable", err)
	case !r.me.Actor().CanEdit(x.TeamID, x.OwnerID):
		return x, false, r.notice(r.l.T("只有负责人或团队经理可以登记回款和账期。", "Only the owner or the team's managers can record payments and terms."))
	}
	return x, true, nil
}

func draftOf(x client.Receivable, pay bool) *receivableDraft {
	return &receivableDraft{DealID: x.DealID, DealOn: x.DealOn, Amount: x.Amount, Paid: x.Paid, Outstanding: x.Outstanding, Pay: pay}
}

func (r *req) startTerms(dealID int64) error {
	x, ok, err := r.editableDeal(dealID)
	if !ok {
		return err
	}
	r.begin(draftOf(x, false), stepInvoiced)
	kb := telegram.NewKeyboard().Row(r.l.F("= 合同金额 ¥%s", "= deal amount ¥%s", x.Amount), r.fb(choiceSame))
	return r.showStep(r.l.F("🗓 %s 的交易（%s）\n开票金额？输入金额，或点“= 合同金额”。", "🗓 Deal with %s (%s)\nAmount invoiced? Type it, or tap “= deal amount”.",
		esc(x.ClientName), x.DealOn.Format("2006-01-02")), r.cancelRow(kb))
}

func (r *req) startPayment(dealID int64) error {
	x, ok, err := r.editableDeal(dealID)
	if !ok {
		return err
	}
	if x.OutstandingCents <= 0 {
		return r.notice(r.l.T("这笔交易已结清，无需再登记回款。", "Nothing is owed on this deal; no payment to record."))
	}
	r.begin(draftOf(x, true), stepPayAmount)
	kb := telegram.NewKeyboard().Row(r.l.F("全部 ¥%s", "All ¥%s", x.Outstanding), r.fb(choiceAll))
	return r.showStep(r.l.F("💰 %s 的回款（交易 %s，未收 ¥%s）\n回款金额？输入金额，或点“全部”。", "💰 Payment from %s (deal of %s, ¥%s owed)\nAmount received? Type it, or tap “All”.",
		esc(x.ClientName), x.DealOn.Format("2006-01-02"), x.Outstanding), r.cancelRow(kb))
}

func (r *req) receivableStep(d *receivableDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepInvoiced:
		if !in.pressed(choiceSame) {
			v, err := client.CheckInvoiced(in.text, d.Paid)
			if err != nil {
				return r.say(l.F("请输入开票金额（元），不低于已回款的 ¥%s，例如 95000；或点“= 合同金额”。",
					"Type the amount invoiced in CNY, at least the ¥%s already paid, e.g. 95000; or tap “= deal amount”.", d.Paid))
			}
			d.Invoiced = v
		}
		r.goTo(stepDueOn)
		return r.askDueOn(d.DealOn)
	case stepDueOn:
		due, ok, err := r.dueAnswer(d.DealOn, in)
		if !ok {
			return err
		}
		return r.saveTerms(d, due)
	case stepPayAmount:
		amount := d.Outstanding
		if !in.pressed(choiceAll) {
			v, err := client.CheckPayment(in.text, d.Outstanding)
			if err != nil {
				return r.say(l.F("请输入回款金额（元），不超过未收的 ¥%s；或点“全部”。",
					"Type the amount received in CNY, at most the ¥%s owed; or tap “All”.", d.Outstanding))
			}
			amount = v
		}
		d.Payment = amount
		r.goTo(stepPaidOn)
		kb := telegram.NewKeyboard().Row(l.T("今天", "Today"), r.fb(choiceToday))
		return r.showStep(l.T("回款日期？点“今天”，或输入日期。", "When was it received? Tap Today, or type a date."), r.cancelRow(kb))
	case stepPaidOn:
		day := r.today0()
		if !in.pressed(choiceToday) {
			typed, err := dates.Parse(in.text, r.today0())
			if err == nil {
				day, err = client.CheckPaidOn(typed, r.today0())
			}
			if err != nil {
				return r.say(l.T("请输入今天或以前的日期，例如 2026-11-20；或点“今天”。", "Please give today or an earlier date, e.g. 2026-11-20; or tap Today."))
			}
		}
		return r.savePayment(d, day)
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

// askDueOn asks when payment for a deal made on dealOn falls due: the
// usual terms (账期) as buttons, no due date, or a typed date. The deal flow
// asks it too.
func (r *req) askDueOn(dealOn time.Time) error {
	l := r.l
	var cells []string
	for _, n := range paymentTerms {
		cells = append(cells, l.F("%d天 %s", "%dd %s", n, dealOn.AddDate(0, 0, int(n)).Format("01-02")), r.fb(choiceTerm.withInt(n)))
	}
	kb := telegram.NewKeyboard().Row(cells...).Row(l.T("不设到期日", "No due date"), r.fb(choiceSkip))
	return r.showStep(l.T("回款到期日？点账期（从成交日算），或输入日期，如 2026-04-30。",
		"Payment due date? Tap a term (from the deal's date), or type a date such as 2026-04-30."), r.cancelRow(kb))
}

// dueAnswer reads the due date step of a deal made on dealOn: a term, skip
// (no due date) or a typed date the domain's rule accepts. ok is false
// when it has answered.
func (r *req) dueAnswer(dealOn time.Time, in input) (*time.Time, bool, error) {
	if isSkip(in) || isSkipText(in.text) {
		return nil, true, nil
	}
	if v, pressed := choiceTerm.of(in); pressed {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 366 {
			return nil, false, r.invalidButton()
		}
		due := dealOn.AddDate(0, 0, n)
		return &due, true, nil
	}
	if in.button {
		return nil, false, r.invalidButton()
	}
	typed, err := dates.Parse(in.text, r.today0())
	if err == nil {
		typed, err = client.CheckDueOn(typed, dealOn)
	}
	if err != nil {
		return nil, false, r.say(r.l.F("请输入不早于成交日 %s 的日期，例如 2026-04-30；或点账期。",
			"Please give a date not before the deal's %s, e.g. 2026-04-30; or tap a term.", dealOn.Format("2006-01-02")))
	}
	return &typed, true, nil
}

func (r *req) saveTerms(d *receivableDraft, due *time.Time) error {
	_, err := r.a.clients.SetTerms(r.ctx, r.me.Actor(), d.DealID, client.Terms{Invoiced: d.Invoiced, DueOn: due})
	if err != nil {
		return r.receivableErr("set deal terms", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	return r.dealReceivable(d.DealID, r.l.T("✅ 开票金额和到期日已保存。", "✅ Invoice and due date saved."))
}

func (r *req) savePayment(d *receivableDraft, day time.Time) error {
	p, _, err := r.a.clients.AddPayment(r.ctx, r.me.Actor(), d.DealID, client.PaymentDraft{Amount: d.Payment, PaidOn: day}, r.key())
	if err != nil {
		return r.receivableErr("add payment", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	return r.dealReceivable(d.DealID, r.l.F("✅ 已登记回款 ¥%s（%s）。", "✅ Payment of ¥%s (%s) recorded.", p.Amount, p.PaidOn.Format("2006-01-02")))
}

// receivableErr answers the expected refusals of a receivable change. A
// refusal at save (a payment recorded meanwhile by someone else leaves less
// owed) ends the flow with the deal shown as it now is.
func (r *req) receivableErr(action string, err error) error {
	switch {
	case errors.Is(err, client.ErrInvalid):
		d, ok := r.draft.(*receivableDraft)
		if !ok {
			return r.cannotSave(err)
		}
		if err := r.finish(); err != nil {
			return err
		}
		return r.dealReceivable(d.DealID, r.l.T("⚠️ 没有保存：金额已与最新记录不符（可能刚有人登记了回款），请看最新情况后重试。",
			"⚠️ Not saved: the amounts no longer fit the latest records (someone may just have recorded a payment). Check below and try again."))
	case errors.Is(err, client.ErrNotFound), errors.Is(err, access.ErrForbidden):
		_ = r.finish()
		return r.notice(r.l.T("找不到这笔交易，或您无权修改。", "That deal does not exist or you may not change it."))
	}
	return r.fail(action, err)
}
