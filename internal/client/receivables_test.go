package client

import (
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// receivableBundle is the bundle with a client of salesA and one deal of
// 100,000 made on 2026-01-10 (today is 2026-03-10).
func receivableBundle(t *testing.T) (*bundle, Client, Deal) {
	t.Helper()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技"})
	d, _, err := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day(2026, 1, 10), Amount: "100000", Description: "一期"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return b, c, d
}

func TestSetTermsIsForWhoMayEditTheClientAndAudited(t *testing.T) {
	t.Parallel()
	b, _, d := receivableBundle(t)
	terms := Terms{Invoiced: "95,000", DueOn: ptrTime(day(2026, 2, 1))}
	if _, err := b.store.SetTerms(b.ctx, b.salesA2, d.ID, terms); !errors.Is(err, access.ErrForbidden) {
		t.Fatalf("a teammate: %v, want ErrForbidden", err)
	}
	if _, err := b.store.SetTerms(b.ctx, b.sales, d.ID, terms); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another team: %v, want ErrNotFound", err)
	}
	if _, err := b.store.SetTerms(b.ctx, b.salesA, 999999, terms); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no such deal: %v, want ErrNotFound", err)
	}
	r, err := b.store.SetTerms(b.ctx, b.salesA, d.ID, terms)
	if err != nil {
		t.Fatal(err)
	}
	if r.Invoiced == nil || *r.Invoiced != "95000.00" || r.Billed != "95000.00" || r.Outstanding != "95000.00" ||
		!r.DueOn.Equal(day(2026, 2, 1)) || r.DaysOverdue != 37 {
		t.Fatalf("receivable = %+v", r)
	}
	// The same terms again change nothing and write no second entry.
	for _, actor := range []access.Actor{b.mgrA, b.admin} {
		if _, err := b.store.SetTerms(b.ctx, actor, d.ID, terms); err != nil {
			t.Fatalf("%s: %v", actor.Role, err)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'deal' AND entity_id = $1 AND action = 'terms'`, d.ID); n != 1 {
		t.Fatalf("%d terms entries, want 1", n)
	}
	entries, _ := audit.List(b.ctx, b.pool, "deal", d.ID, 1)
	if ch, _ := entries[0].Changes["due_on"].(map[string]any); ch["to"] != "2026-02-01" || ch["from"] != nil {
		t.Fatalf("audit = %+v", entries[0].Changes)
	}
	// Back to the deal's amount, no receivable tracked.
	r, err = b.store.SetTerms(b.ctx, b.mgrA, d.ID, Terms{})
	if err != nil || r.Invoiced != nil || r.Billed != "100000.00" || r.DueOn != nil || r.DaysOverdue != 0 {
		t.Fatalf("cleared = %+v, %v", r, err)
	}
}

func TestSetTermsRefusesADueDateBeforeTheDealAndAnInvoiceBelowThePaid(t *testing.T) {
	t.Parallel()
	b, _, d := receivableBundle(t)
	for _, terms := range []Terms{
		{DueOn: ptrTime(day(2026, 1, 9))},
		{DueOn: ptrTime(day(2036, 1, 11))},
		{Invoiced: "0"},
		{Invoiced: "abc"},
	} {
		if _, err := b.store.SetTerms(b.ctx, b.salesA, d.ID, terms); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", terms, err)
		}
	}
	if _, _, err := b.store.AddPayment(b.ctx, b.salesA, d.ID, PaymentDraft{Amount: "30000", PaidOn: day(2026, 3, 1)}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.SetTerms(b.ctx, b.salesA, d.ID, Terms{Invoiced: "29999.99"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("invoice below the paid: %v", err)
	}
	if r, err := b.store.SetTerms(b.ctx, b.salesA, d.ID, Terms{Invoiced: "30000"}); err != nil || r.Outstanding != "0.00" {
		t.Fatalf("invoice equal to the paid: %+v, %v", r, err)
	}
}

func TestAddPaymentKeepsToTheOutstandingAndIsRecordedOncePerUpdate(t *testing.T) {
	t.Parallel()
	b, _, d := receivableBundle(t)
	if _, err := b.store.SetTerms(b.ctx, b.salesA, d.ID, Terms{DueOn: ptrTime(day(2026, 2, 1))}); err != nil {
		t.Fatal(err)
	}
	pay := PaymentDraft{Amount: "￥40,000", PaidOn: day(2026, 3, 1)}
	if _, _, err := b.store.AddPayment(b.ctx, b.salesA2, d.ID, pay, 0); !errors.Is(err, access.ErrForbidden) {
		t.Fatalf("a teammate: %v", err)
	}
	if _, _, err := b.store.AddPayment(b.ctx, b.sales, d.ID, pay, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another team: %v", err)
	}
	p, created, err := b.store.AddPayment(b.ctx, b.salesA, d.ID, pay, 77)
	if err != nil || !created || p.Amount != "40000.00" || !p.PaidOn.Equal(day(2026, 3, 1)) || p.CreatedBy != b.salesA.StaffID {
		t.Fatalf("payment = %+v, %v, %v", p, created, err)
	}
	again, created, err := b.store.AddPayment(b.ctx, b.salesA, d.ID, pay, 77)
	if err != nil || created || again.ID != p.ID {
		t.Fatalf("replay = %+v, %v, %v", again, created, err)
	}
	for _, bad := range []PaymentDraft{
		{Amount: "60000.01", PaidOn: day(2026, 3, 2)}, // more than outstanding
		{Amount: "100", PaidOn: day(2026, 3, 11)},     // tomorrow
		{Amount: "0", PaidOn: day(2026, 3, 2)},
	} {
		if _, _, err := b.store.AddPayment(b.ctx, b.mgrA, d.ID, bad, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", bad, err)
		}
	}
	r, ps, err := b.store.Receivable(b.ctx, b.mgrA, d.ID)
	if err != nil || r.Paid != "40000.00" || r.Outstanding != "60000.00" || r.OutstandingCents != 6_000_000 || r.DaysOverdue != 37 || len(ps) != 1 {
		t.Fatalf("receivable = %+v, %d payments, %v", r, len(ps), err)
	}
	if _, _, err := b.store.AddPayment(b.ctx, b.admin, d.ID, PaymentDraft{Amount: "60000", PaidOn: day(2026, 3, 10)}, 0); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := b.store.Receivable(b.ctx, b.salesA, d.ID); r.Outstanding != "0.00" || r.DaysOverdue != 0 {
		t.Fatalf("paid off = %+v", r)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'deal' AND entity_id = $1 AND action = 'payment'`, d.ID); n != 2 {
		t.Fatalf("%d payment entries, want 2", n)
	}
	if _, _, err := b.store.Receivable(b.ctx, b.sales, d.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another team reads the receivable: %v", err)
	}
}

func TestReceivablesListOpenOnesFirstAndTheCardOnlyOpenOnes(t *testing.T) {
	t.Parallel()
	b, c, overdue := receivableBundle(t)
	notDue, _, _ := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day(2026, 3, 1), Amount: "5000"}, 0)
	paid, _, _ := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day(2026, 2, 1), Amount: "800"}, 0)
	untracked, _, _ := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day(2026, 3, 5), Amount: "300"}, 0)
	for id, due := range map[int64]time.Time{overdue.ID: day(2026, 3, 9), notDue.ID: day(2026, 4, 1), paid.ID: day(2026, 2, 15)} {
		if _, err := b.store.SetTerms(b.ctx, b.salesA, id, Terms{DueOn: &due}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := b.store.AddPayment(b.ctx, b.salesA, paid.ID, PaymentDraft{Amount: "800", PaidOn: day(2026, 2, 14)}, 0); err != nil {
		t.Fatal(err)
	}
	all, err := b.store.Receivables(b.ctx, b.mgrA, c.ID, 10)
	if err != nil || len(all) != 4 {
		t.Fatalf("receivables = %+v, %v", all, err)
	}
	if ids := []int64{all[0].DealID, all[1].DealID, all[2].DealID, all[3].DealID}; ids[0] != overdue.ID || ids[1] != notDue.ID ||
		ids[2] != untracked.ID || ids[3] != paid.ID {
		t.Fatalf("order = %v", ids)
	}
	if all[0].DaysOverdue != 1 || all[1].DaysOverdue != 0 {
		t.Fatalf("days overdue = %d, %d", all[0].DaysOverdue, all[1].DaysOverdue)
	}
	read := func(actor access.Actor) []Receivable {
		var out []Receivable
		batch := &pgx.Batch{}
		b.store.QueueReceivables(batch, actor, c.ID, &out)
		if err := b.pool.SendBatch(b.ctx, batch).Close(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	open := read(b.salesA2)
	if len(open) != 2 || open[0].DealID != overdue.ID || open[1].DealID != notDue.ID {
		t.Fatalf("open receivables = %+v", open)
	}
	if got := read(b.sales); len(got) != 0 {
		t.Fatalf("another team reads %d receivables", len(got))
	}
	if _, err := b.store.Receivables(b.ctx, b.sales, c.ID, 10); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another team lists receivables: %v", err)
	}
}

func TestCheckPaidOnAndDueOn(t *testing.T) {
	t.Parallel()
	today := day(2026, 3, 10)
	for _, c := range []struct {
		paid time.Time
		ok   bool
	}{{today, true}, {day(2026, 3, 11), false}, {day(2016, 3, 10), true}, {day(2016, 3, 9), false}} {
		if _, err := CheckPaidOn(c.paid, today); (err == nil) != c.ok {
			t.Errorf("CheckPaidOn(%s) = %v", c.paid.Format(time.DateOnly), err)
		}
	}
	deal := day(2026, 1, 10)
	for _, c := range []struct {
		due time.Time
		ok  bool
	}{{deal, true}, {day(2026, 1, 9), false}, {day(2036, 1, 10), true}, {day(2036, 1, 11), false}} {
		if _, err := CheckDueOn(c.due, deal); (err == nil) != c.ok {
			t.Errorf("CheckDueOn(%s) = %v", c.due.Format(time.DateOnly), err)
		}
	}
}

func ptrTime(t time.Time) *time.Time { return &t }

func TestCheckInvoicedAndPayment(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, paid, want string
	}{{"100", "100.00", "100.00"}, {"99.99", "100.00", ""}, {"1,000", "0", "1000.00"}, {"x", "0", ""}} {
		got, err := CheckInvoiced(c.in, c.paid)
		if got != c.want || (err == nil) != (c.want != "") || err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("CheckInvoiced(%q, %q) = %q, %v", c.in, c.paid, got, err)
		}
	}
	for _, c := range []struct {
		in, owed, want string
	}{{"55000", "55000.00", "55000.00"}, {"55000.01", "55000.00", ""}, {"0", "1.00", ""}, {"¥1.5", "2.00", "1.50"}} {
		got, err := CheckPayment(c.in, c.owed)
		if got != c.want || (err == nil) != (c.want != "") || err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("CheckPayment(%q, %q) = %q, %v", c.in, c.owed, got, err)
		}
	}
}
