package export

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// receivablesLedger gives the client id's deals receivables: 备件
// (88,000.50) invoiced at 80,000, due 2026-11-15, paid 30,000 on 11-01 and
// 20,000 on 11-20; 样品 (1,200) due 2025-04-01 and paid in full on 03-20.
func receivablesLedger(b *bundle, id int64) {
	b.exec(`UPDATE deals SET invoiced = 80000, due_on = '2026-11-15' WHERE client_id = $1 AND description = '备件'`, id)
	b.exec(`UPDATE deals SET due_on = '2025-04-01' WHERE client_id = $1 AND description = '样品'`, id)
	b.exec(`INSERT INTO deal_payments (deal_id, amount, paid_on, created_by, created_at)
		SELECT d.id, p.amount, p.paid_on::date, $2, $3 FROM deals d
		JOIN (VALUES ('备件', 30000, '2026-11-01'), ('备件', 20000, '2026-11-20'), ('样品', 1200, '2025-03-20'))
			AS p (description, amount, paid_on) USING (description)
		WHERE d.client_id = $1`, id, b.alice.StaffID, now)
}

func TestExportWritesEachDealsReceivableAsNumbersAndDates(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := richLedger(b)
	receivablesLedger(b, id)
	b.exec(`INSERT INTO deals (client_id, deal_on, amount, description, created_by, created_at)
		VALUES ($1, '2026-11-02', 500, '无应收', $2, $3)`, id, b.alice.StaffID, now)
	f := novemberFilter
	f.Lang = i18n.ZH
	x, _, _ := b.export(b.mia, f)
	deals := rows(t, x, "合作记录")
	label := func(f sheet.Field) string { return sheet.Label(f, i18n.ZH) }
	// Rows by date: 样品 (2025-03-01), 备件 (2026-10-15), 无应收 (2026-11-02).
	assertNumber(t, x, "合作记录", cellOf(t, deals, label(sheet.DealInvoiced), 2), 80000)
	assertDate(t, x, "合作记录", cellOf(t, deals, label(sheet.DealDueOn), 2), d(2026, 11, 15))
	assertNumber(t, x, "合作记录", cellOf(t, deals, label(sheet.DealPaid), 2), 50000)
	assertDate(t, x, "合作记录", cellOf(t, deals, label(sheet.DealPaidOn), 2), d(2026, 11, 20))
	assertDate(t, x, "合作记录", cellOf(t, deals, label(sheet.DealDueOn), 1), d(2025, 4, 1))
	assertNumber(t, x, "合作记录", cellOf(t, deals, label(sheet.DealPaid), 1), 1200)
	for _, f := range []sheet.Field{sheet.DealInvoiced, sheet.DealDueOn, sheet.DealPaid, sheet.DealPaidOn} {
		col := column(t, deals, label(f))
		if col[2] != "" {
			t.Errorf("%s of the deal without a receivable is %q, want empty", label(f), col[2])
		}
		if f == sheet.DealInvoiced && col[0] != "" {
			t.Errorf("amount invoiced of 样品 is %q, want empty (its deal's amount)", col[0])
		}
	}
}

// TestExportedReceivablesImportIntoAnotherTeam imports one team's export
// into a team with an empty ledger: each deal comes back with its terms,
// and what was paid on it as one payment of the sum on the latest day.
func TestExportedReceivablesImportIntoAnotherTeam(t *testing.T) {
	t.Parallel()
	b := setup(t)
	receivablesLedger(b, richLedger(b))
	ctx := context.Background()
	f := novemberFilter
	f.Lang = i18n.EN
	_, _, data := b.export(b.mia, f)

	westManager := b.member("Wendy", access.Manager, b.west)
	clock := func() time.Time { return now }
	imports := importer.New(b.pool, client.NewStore(b.pool, clock, shanghai), clock, slog.New(slog.DiscardHandler))
	imp, err := imports.Begin(ctx, westManager, 0, 1, "ledger.xlsx", data, 1)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	imp, err = imports.DryRun(ctx, westManager, imp.ID, importer.OwnersImporter)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if r := imp.Report; r.Errors != 0 || r.Deals != 2 || r.Receivables != 2 || r.Payments != 2 {
		t.Fatalf("dry run %+v, want 2 deals, both with a due date and a payment, no error", r)
	}
	if _, err := imports.Confirm(ctx, westManager, imp.ID, importer.DupSkip); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	if err := imports.RunPending(ctx, "test", time.Minute, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	var got string
	err = b.pool.QueryRow(ctx, `SELECT string_agg(d.description || ':' || d.amount || ':' || coalesce(d.invoiced::text, '-') || ':' ||
			d.due_on || ':' || p.amount || ':' || p.paid_on, ' ' ORDER BY d.deal_on)
		FROM deals d JOIN clients c ON c.id = d.client_id JOIN deal_payments p ON p.deal_id = d.id
		WHERE c.team_id = $1`, b.west).Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	if want := "样品:1200.00:-:2025-04-01:1200.00:2025-03-20 备件:88000.50:80000.00:2026-11-15:50000.00:2026-11-20"; got != want {
		t.Errorf("West's deals and payments %q, want %q", got, want)
	}
}
