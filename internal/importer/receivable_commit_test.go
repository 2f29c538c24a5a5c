package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// receivablesHeader is a deals sheet as a finance-minded ledger keeps it,
// its amounts in 万元.
var receivablesHeader = []string{"客户名称", "成交日期", "合同金额（万元）", "项目", "已开票金额（万元）", "回款到期日", "已回款（万元）", "回款日期"}

// receivablesFile is two clients and their deals with receivables (the
// clock stands at 2026-03-10): 华东 owes 60,000 of 100,000 invoiced, due
// 2026-02-28, and 30,000 due in May; 北方 paid a deal in full on no
// given day; a repeated row; and a due date before its deal.
func receivablesFile(t *testing.T) []byte {
	t.Helper()
	return xlsxFile(t,
		xsheet{"客户", [][]string{{"客户名称", "联系人", "电话"},
			{"华东精密机械有限公司", "张伟", "13800138000"},
			{"北方重工集团", "李强", "13900139000"}}},
		xsheet{"合作记录", [][]string{receivablesHeader,
			{"华东精密机械有限公司", "2026-01-10", "12", "数控机床", "10", "2026-02-28", "4", "2026-02-20"},
			{"华东精密机械有限公司", "2026-02-01", "3", "配件", "", "2026-05-31", "", ""},
			{"北方重工集团", "2026-01-05", "5", "安装", "", "", "5", ""},
			{"华东精密机械有限公司", "2026-01-10", "12", "数控机床", "10", "2026-02-28", "4", "2026-02-20"},
			{"北方重工集团", "2026-01-06", "1", "调试", "", "2025-12-01", "", ""}}})
}

func TestCommitStoresReceivablesAndOnePaymentAndAReimportAddsNothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	data := receivablesFile(t)
	imp := b.checked(t, "台账.xlsx", data, OwnersError)
	r := imp.Report
	if r.Deals != 3 || r.Receivables != 2 || r.Payments != 2 || r.Errors != 1 {
		t.Fatalf("dry run counts deals %d, receivables %d, payments %d, errors %d; want 3, 2, 2 and 1 (%s)",
			r.Deals, r.Receivables, r.Payments, r.Errors, fmtReport(r))
	}
	if len(r.Problems) != 1 || r.Problems[0].Column != "回款到期日" || r.Problems[0].Value != "2025-12-01" ||
		!strings.Contains(r.Problems[0].Why, "早于成交日期 2026-01-06") {
		t.Fatalf("problems %+v", r.Problems)
	}
	errs := errorFileRows(t, b, imp)
	if len(errs) != 2 || errs[1][0] != "北方重工集团" || !strings.Contains(errs[1][len(errs[1])-1], "回款到期日：到期日不能早于成交日期") {
		t.Fatalf("error file %q", errs)
	}

	imp = b.commit(t, imp, DupSkip)
	if s := imp.Summary; s.Deals != 3 || s.Payments != 2 {
		t.Fatalf("summary %+v, want 3 deals and 2 payments", s)
	}
	const deals = `SELECT string_agg(description || ':' || amount || ':' || coalesce(invoiced::text, '-') || ':' ||
		coalesce(due_on::text, '-'), ' ' ORDER BY deal_on) FROM deals`
	if got, want := b.text(t, deals), "安装:50000.00:-:- 数控机床:120000.00:100000.00:2026-02-28 配件:30000.00:-:2026-05-31"; got != want {
		t.Errorf("deals %q, want %q", got, want)
	}
	const payments = `SELECT string_agg(d.description || ':' || p.amount || ':' || p.paid_on || ':' ||
		(p.created_by = $1) || ':' || (p.origin_update IS NULL), ' ' ORDER BY p.paid_on)
		FROM deal_payments p JOIN deals d ON d.id = p.deal_id`
	if got, want := b.text(t, payments, b.mgrA.StaffID), "安装:50000.00:2026-01-05:true:true 数控机床:40000.00:2026-02-20:true:true"; got != want {
		t.Errorf("payments %q, want %q (北方's on its deal date: no due date, no payment date)", got, want)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'deal' AND action = 'payment'
		AND actor_id = $1 AND (changes ->> 'import')::bigint = $2`, b.mgrA.StaffID, imp.ID); n != 2 {
		t.Errorf("%d payments audited in the import's name, want 2", n)
	}

	// The card's receivables: 60,000 overdue 10 days, 30,000 not yet due.
	var hd int64
	if err := b.pool.QueryRow(b.ctx, `SELECT id FROM clients WHERE name = '华东精密机械有限公司'`).Scan(&hd); err != nil {
		t.Fatal(err)
	}
	rs, err := b.clients.Receivables(b.ctx, b.mgrA, hd, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Outstanding != "60000.00" || rs[0].DaysOverdue != 10 || rs[1].Outstanding != "30000.00" || rs[1].DaysOverdue != 0 {
		t.Fatalf("receivables %+v", rs)
	}

	// The same file again: the deals are the ledger's, no second payment.
	b.now = b.now.Add(24 * time.Hour)
	again := b.checked(t, "台账.xlsx", data, OwnersError)
	if r := again.Report; r.Deals != 0 || r.Receivables != 0 || r.Payments != 0 {
		t.Fatalf("re-import dry run would add deals %d, receivables %d, payments %d", r.Deals, r.Receivables, r.Payments)
	}
	again = b.commit(t, again, DupOverwrite)
	if s := again.Summary; s.Deals != 0 || s.Payments != 0 {
		t.Fatalf("re-import summary %+v", s)
	}
	if n := b.count(t, `SELECT count(*) FROM deal_payments`); n != 2 {
		t.Fatalf("%d payments after the re-import, want 2", n)
	}

	// Undo removes the payments with the deals and clients.
	rep, err := b.store.Undo(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Removed != 2 || rep.Payments != 2 || len(rep.Kept) != 0 {
		t.Fatalf("undo %+v, want 2 clients and 2 payments removed", rep)
	}
	if n := b.count(t, `SELECT count(*) FROM deal_payments`) + b.count(t, `SELECT count(*) FROM deals`); n != 0 {
		t.Fatalf("%d deals and payments left after undo", n)
	}
}

func TestUndoKeepsImportedDealsThatGotPaymentsSince(t *testing.T) {
	t.Parallel()
	b := setup(t)
	hw := b.client(t, client.Draft{Name: "华为技术有限公司"})
	data := csvFile([]string{"客户名称", "日期", "金额", "说明", "开票金额", "到期日", "已回款"},
		[]string{"华为技术有限公司", "2026-01-10", "10000", "服务器", "", "2026-02-10", "2000"},
		[]string{"华为技术有限公司", "2026-01-20", "5000", "交换机", "", "2026-04-20", "1000"},
		[]string{"新客户有限公司", "2026-01-05", "8000", "软件", "", "2026-03-05", "500"})
	clients := csvFile([]string{"客户名称"}, []string{"新客户有限公司"})
	first := b.commit(t, b.checked(t, "clients.csv", clients, OwnersError), DupSkip)
	imp := b.commit(t, b.checked(t, "deals.csv", data, OwnersError), DupSkip)
	if s := imp.Summary; s.Deals != 3 || s.Payments != 3 {
		t.Fatalf("summary %+v", s)
	}
	if n := b.count(t, `SELECT count(*) FROM deal_payments WHERE paid_on = '2026-02-10'`); n != 1 {
		t.Fatal("the overdue deal's payment is not on its due date")
	}
	if n := b.count(t, `SELECT count(*) FROM deal_payments WHERE paid_on = '2026-03-10'`); n != 1 {
		t.Fatal("the deal not yet due has its payment not on the import day")
	}
	// A salesperson records a payment on the server deal in the chat.
	var server int64
	if err := b.pool.QueryRow(b.ctx, `SELECT id FROM deals WHERE description = '服务器'`).Scan(&server); err != nil {
		t.Fatal(err)
	}
	b.now = b.now.Add(time.Hour)
	if _, _, err := b.clients.AddPayment(b.ctx, b.mgrA, server, client.PaymentDraft{Amount: "3000", PaidOn: b.now}, 0); err != nil {
		t.Fatal(err)
	}
	rep, err := b.store.Undo(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Deals != 2 || rep.Payments != 2 {
		t.Fatalf("undo %+v, want 2 deals and their 2 payments removed", rep)
	}
	if len(rep.Kept) != 1 || rep.Kept[0].ClientID != hw.ID || !strings.Contains(rep.Kept[0].Why, "回款") {
		t.Fatalf("kept %+v, want 华为 for its deal with a later payment", rep.Kept)
	}
	if got := b.text(t, `SELECT string_agg(amount::text, ',' ORDER BY paid_on) FROM deal_payments WHERE deal_id = $1`, server); got != "2000.00,3000.00" {
		t.Fatalf("the kept deal's payments %q, want the import's and the later one", got)
	}
	if n := b.count(t, `SELECT count(*) FROM deals`); n != 1 {
		t.Fatalf("%d deals left, want the kept one", n)
	}
	// The client the first import created stays: the deals were another import's.
	if n := b.count(t, `SELECT count(*) FROM clients WHERE name = '新客户有限公司'`); n != 1 || first.Status != Done {
		t.Fatal("the first import's client went with the second import's undo")
	}
}

func TestUndoKeepsACreatedClientWhosePaymentCameLater(t *testing.T) {
	t.Parallel()
	b := setup(t)
	data := xlsxFile(t,
		xsheet{"客户", [][]string{{"客户名称"}, {"甲公司"}}},
		xsheet{"合作记录", [][]string{{"客户名称", "日期", "金额", "说明", "到期日"}, {"甲公司", "2026-01-10", "10000", "设备", "2026-02-10"}}})
	imp := b.commit(t, b.checked(t, "a.xlsx", data, OwnersError), DupSkip)
	var deal int64
	if err := b.pool.QueryRow(b.ctx, `SELECT id FROM deals`).Scan(&deal); err != nil {
		t.Fatal(err)
	}
	b.now = b.now.Add(time.Hour)
	if _, _, err := b.clients.AddPayment(b.ctx, b.mgrA, deal, client.PaymentDraft{Amount: "4000", PaidOn: b.now}, 0); err != nil {
		t.Fatal(err)
	}
	rep, err := b.store.Undo(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Removed != 0 || len(rep.Kept) != 1 || !strings.Contains(rep.Kept[0].Why, "回款") {
		t.Fatalf("undo %+v, want 甲公司 kept for its payment", rep)
	}
	if n := b.count(t, `SELECT count(*) FROM deal_payments`); n != 1 {
		t.Fatalf("%d payments, want the later one kept", n)
	}
}

// text reads one text value.
func (b *bundle) text(t *testing.T, sql string, args ...any) string {
	t.Helper()
	var s string
	if err := b.pool.QueryRow(b.ctx, sql, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

// errorFileRows reads the first sheet of an import's error file.
func errorFileRows(t *testing.T, b *bundle, imp Import) [][]string {
	t.Helper()
	name, data, err := b.store.ErrorFile(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	book, err := sheet.Open(name, data)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = book.Close() }()
	rows, err := book.Rows(book.Sheets()[0])
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for rows.Next() {
		var cells []string
		for _, c := range rows.Row().Cells {
			cells = append(cells, c.Text)
		}
		got = append(got, cells)
	}
	return got
}
