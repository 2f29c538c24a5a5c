package importer

import (
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// receivable collects the receivable cells of a deals row as parse reads
// them (开票金额, 回款到期日, 已回款, 回款日期); settle then checks them
// against each other and the deal with the ledger's own rules (client.
// CheckDueOn, CheckPayment, CheckPaidOn), so a row the dry run passes is
// one the chat would have taken too.
type receivable struct {
	invoiced, paid    string    // decimal text, two places; "" for none
	due, paidOn       time.Time // zero: no cell (or a cell that was no date)
	dueCol, paidOnCol int
	paidCol           int
	dueRaw, paidOnRaw string
	paidRaw           string
	paidZero          bool // the paid cell said 0: nothing received yet
}

// newReceivable is a deals row's receivable before any cell is read.
func newReceivable() receivable { return receivable{dueCol: -1, paidOnCol: -1, paidCol: -1} }

// read takes one receivable cell of column i.
func (rc *receivable) read(r *record, plan SheetPlan, i int, f sheet.Field, c sheet.Cell) {
	v := c.Text
	if f == sheet.DealPaid {
		rc.paidCol, rc.paidRaw = i, v
	}
	if strings.TrimSpace(v) == "" {
		return
	}
	switch f {
	case sheet.DealInvoiced, sheet.DealPaid:
		if f == sheet.DealPaid && sheet.IsZeroAmount(v) {
			rc.paidZero = true // nothing received yet: no payment
			return
		}
		amount, err := sheet.ParseAmountIn(v, amountUnit(plan, i))
		if err != nil {
			r.failW(i, v, moneyWhy(f, v))
			return
		}
		if f == sheet.DealInvoiced {
			rc.invoiced = amount
		} else {
			rc.paid = amount
		}
	case sheet.DealDueOn, sheet.DealPaidOn:
		d, err := sheet.ParseDate(c)
		if err != nil {
			r.failW(i, v, dateWhy())
			return
		}
		if f == sheet.DealDueOn {
			rc.due, rc.dueCol, rc.dueRaw = d, i, v
		} else {
			rc.paidOn, rc.paidOnCol, rc.paidOnRaw = d, i, v
		}
	}
}

// settle checks the receivable against the deal and sets it on d: a due
// date not before the deal (and at most ten years after it), a payment not
// above what was invoiced (or, with no 开票金额, the deal's amount), a
// payment day that is not in the future. A 回款日期 without anything paid
// is an error; a paid amount without one is recorded on paidOnRule's day.
func (rc *receivable) settle(r *record, d *dealData, today time.Time) {
	d.Invoiced, d.Paid = rc.invoiced, rc.paid
	dealOn, dealErr := time.Parse(time.DateOnly, d.On)
	if !rc.due.IsZero() && dealErr == nil {
		if _, err := client.CheckDueOn(rc.due, dealOn); err != nil {
			w := msg{"到期日不能早于成交日期 " + d.On, "the due date is before the deal date " + d.On}
			if !rc.due.Before(dealOn) {
				w = msg{"到期日不能晚于成交日期十年以上", "the due date is more than ten years after the deal"}
			}
			r.failW(rc.dueCol, rc.dueRaw, w)
		} else {
			d.DueOn = rc.due.Format(time.DateOnly)
		}
	}
	if d.Paid == "" {
		if !rc.paidOn.IsZero() && !rc.paidZero && !hasErrAt(r.errs, rc.paidCol) {
			r.failW(rc.paidOnCol, rc.paidOnRaw, msg{"有回款日期但没有回款金额", "a payment date but no amount paid"})
		}
		return
	}
	billed, which := d.Invoiced, msg{"开票金额", "the amount invoiced"}
	if billed == "" {
		billed, which = d.Amount, msg{"合同金额（未填开票金额）", "the deal's amount (no amount invoiced given)"}
	}
	if billed != "" {
		if _, err := client.CheckPayment(d.Paid, billed); err != nil {
			r.failW(rc.paidCol, rc.paidRaw, msg{"回款金额大于" + which.zh + " " + billed,
				"more paid than " + which.en + ", " + billed})
		}
	}
	col, raw, on := rc.paidOnCol, rc.paidOnRaw, rc.paidOn
	if on.IsZero() {
		if dealErr != nil {
			return // the deal date's own error says it
		}
		col, raw, on = rc.paidCol, rc.paidRaw, paidOnRule(dealOn, rc.due, today)
	}
	if _, err := client.CheckPaidOn(on, today); err != nil {
		w := msg{"回款日期不能晚于今天", "the payment date is after today"}
		if !on.After(today) {
			w = msg{"回款日期早于十年前", "the payment date is more than ten years ago"}
			if rc.paidOn.IsZero() {
				w = msg{"成交已超过十年：请在「回款日期」列写明回款日期", "the deal is more than ten years old: give the payment date in a Paid on column"}
			}
		}
		r.failW(col, raw, w)
		return
	}
	d.PaidOn = on.Format(time.DateOnly)
}

// paidOnRule is the day a paid amount without a 回款日期 is recorded on:
// its due date, else the deal's date, and today at the latest. A ledger's
// 已回款 is what had come in by the time it was saved; the day is unknown.
// The due date is the day the money was expected, and a ledger that lists
// it as received without a date shows no sign it came late, so it keeps
// the card's and the credit standing's history clean and puts the money in
// the 考核 period the receivable belonged to. The import day would instead
// count years of payments as collected in the month of the import. With no
// due date the deal was settled on its own terms, so the deal's date; a due
// date still ahead (a part paid early) gives today, since a payment cannot
// be recorded in the future.
func paidOnRule(dealOn, due, today time.Time) time.Time {
	on := dealOn
	if !due.IsZero() && !due.Before(dealOn) {
		on = due
	}
	if on.After(today) {
		return today
	}
	return on
}

// moneyWhy explains an amount cell of the receivable that is no amount.
func moneyWhy(f sheet.Field, v string) msg {
	t := strings.TrimSpace(norm.NFKC.String(v))
	t = strings.TrimLeft(t, "¥$ ")
	switch {
	case strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") || strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"):
		return msg{"金额不能为负数", "an amount must not be negative"}
	case f == sheet.DealInvoiced && sheet.IsZeroAmount(v):
		return msg{"开票金额应大于 0（按合同金额全额开票时留空即可）", "the amount invoiced must be more than 0 (leave it empty when the deal's whole amount is invoiced)"}
	}
	return msg{"金额无法识别（应大于 0，如 12500 或 1.2万）", "not an amount (more than 0, such as 12500 or 1.2万)"}
}
