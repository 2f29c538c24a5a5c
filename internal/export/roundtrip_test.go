package export

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
)

// snapshot is every row an import could touch, as JSON text, in id order.
func (b *bundle) snapshot() map[string][]string {
	b.t.Helper()
	out := map[string][]string{}
	for table, q := range map[string]string{
		"clients":  `SELECT to_jsonb(x)::text FROM clients x ORDER BY id`,
		"contacts": `SELECT to_jsonb(x)::text FROM contacts x ORDER BY id`,
		"deals":    `SELECT to_jsonb(x)::text FROM deals x ORDER BY id`,
		"payments": `SELECT to_jsonb(x)::text FROM deal_payments x ORDER BY id`,
		"visits":   `SELECT to_jsonb(x)::text FROM visits x ORDER BY id`,
		"feedback": `SELECT to_jsonb(x)::text FROM feedback x ORDER BY id`,
		"audit":    `SELECT to_jsonb(x)::text FROM audit_log x WHERE entity <> 'import' ORDER BY id`,
	} {
		rows, err := b.pool.Query(context.Background(), q)
		if err != nil {
			b.t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				b.t.Fatal(err)
			}
			out[table] = append(out[table], s)
		}
		if err := rows.Err(); err != nil {
			b.t.Fatal(err)
		}
	}
	return out
}

// roundTripLedger is a team's ledger with every field an export writes set:
// sizes, tiers and stages of each kind, contacts (a primary and another, a
// birthday, one client without any), deals, visits of the month, feedback,
// an open churn episode, receivables (an amount invoiced, due dates, two
// payments on one deal, one on another).
func roundTripLedger(b *bundle) {
	receivablesLedger(b, richLedger(b))
	other := b.client(b.bob, "Acme Trading Co., Ltd.", "key", "sleeping")
	b.exec(`UPDATE clients SET size = 'small', region = 'Shanghai', source = 'referral',
		last_contact_at = $2, next_review_on = '2027-01-05' WHERE id = $1`, other, time.Date(2026, 9, 3, 15, 45, 0, 0, shanghai))
	b.exec(`INSERT INTO contacts (client_id, name, position, phone, email, birthday, is_primary, created_at, updated_at)
		VALUES ($1, 'John Smith', 'CEO', '+86 138 0000 1111', 'john@acme.example', '1904-03-18', true, $2, $2)`, other, now)
	b.exec(`INSERT INTO deals (client_id, deal_on, amount, description, created_by, created_at)
		VALUES ($1, '2026-11-02', 0.5, 'tiny', $2, $3)`, other, b.bob.StaffID, now)
	b.client(b.mia, "无联系人客户", "normal", "potential")
}

func TestExportThenImportChangesNothing(t *testing.T) {
	t.Parallel()
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		t.Run(string(l), func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			roundTripLedger(b)
			ctx := context.Background()
			clock := func() time.Time { return now }
			imports := importer.New(b.pool, client.NewStore(b.pool, clock, shanghai), clock, slog.New(slog.DiscardHandler))
			f := novemberFilter
			f.Lang = l
			_, sum, data := b.export(b.mia, f)
			before := b.snapshot()

			imp, err := imports.Begin(ctx, b.mia, 0, 1, "ledger.xlsx", data, 1)
			if err != nil {
				t.Fatalf("begin: %v", err)
			}
			for _, p := range imp.Sheets {
				t.Logf("sheet %s: kind %s, used %v", p.Name, p.Kind, p.Use)
				if p.Name == feedbackSheet.In(l) {
					// The import takes no feedback; the sheet is for people.
					continue
				}
				for i, c := range p.Columns {
					if c.Field == "" && !exportOnly(p.Headers[i]) {
						t.Errorf("sheet %s: column %q is not mapped", p.Name, p.Headers[i])
					}
				}
			}
			imp, err = imports.DryRun(ctx, b.mia, imp.ID, importer.OwnersError)
			if err != nil {
				t.Fatalf("dry run: %v", err)
			}
			r := imp.Report
			t.Logf("export %+v; dry run %+v", sum, r)
			// The file holds what the ledger holds: the dry run finds
			// nothing to create, add or change.
			if r.Create != 0 || r.Errors != 0 {
				t.Errorf("the dry run would create clients or finds errors: %+v", r)
			}
			if r.Contacts != 0 || r.Deals != 0 || r.Visits != 0 || r.Payments != 0 || r.UpdateFill != 0 || r.UpdateOverwrite != 0 {
				t.Errorf("the dry run would add or change something: %+v", r)
			}
			if r.ByID != sum.Clients || r.Update+r.Skip < sum.Clients {
				t.Errorf("%d of %d clients recognised by 客户编号 (report %+v)", r.ByID, sum.Clients, r)
			}
			imp, err = imports.Confirm(ctx, b.mia, imp.ID, importer.DupOverwrite)
			switch {
			case errors.Is(err, importer.ErrNothingToImport):
				// Nothing would change: the best answer.
			case err != nil:
				t.Fatalf("confirm: %v", err)
			default:
				if err := imports.RunPending(ctx, "test", time.Minute, nil); err != nil {
					t.Fatalf("run: %v", err)
				}
				if imp, err = imports.Get(ctx, b.mia, imp.ID); err != nil {
					t.Fatal(err)
				}
				if s := imp.Summary; s.Created != 0 || s.Contacts != 0 || s.Deals != 0 || s.Visits != 0 || s.Payments != 0 || s.Failed != 0 {
					t.Errorf("the commit changed the ledger: %+v", s)
				}
			}
			after := b.snapshot()
			for table, rows := range before {
				if got := after[table]; strings.Join(got, "\n") != strings.Join(rows, "\n") {
					t.Errorf("%s changed:\nbefore %s\nafter  %s", table, strings.Join(rows, "\n       "), strings.Join(got, "\n       "))
				}
			}
		})
	}
}

// exportOnly are the headers of columns the export writes for people and
// the import ignores.
func exportOnly(h string) bool {
	switch h {
	case "流失风险", "风险原因", "创建日期", "主要联系人", "拜访结果", "Churn risk", "Risk reasons", "Created", "Primary", "Outcome":
		return true
	}
	return false
}
