package main

import (
	"testing"
)

func TestImportReceivablesShowOnTheCardAndAReimportAndUndoKeepPaymentsRight(t *testing.T) {
	t.Parallel()
	h := setup(t)
	mgr, _ := importDesk(t, h, "zh")
	data := fixture(t, "receivables.xlsx")

	m := h.sendFile(mgr, "应收台账.xlsx", data)
	mustContain(t, m.Text, "合作记录")
	m = h.pressOn(mgr, m, "2 合作记录")
	mustContain(t, m.Text, "开票金额（万元） → 开票金额", "付款期限 → 回款到期日", "回款金额（万元） → 已回款",
		"回款日期 → 回款日期", "乘以 10,000", "记为一笔回款")

	m = h.pressOn(mgr, m, "试运行")
	mustContain(t, m.Text, "试运行结果", "有错误 2", "合作记录 3", "带回款到期日的应收 2 笔", "带已回款的 2 笔")
	docs := h.tg.Documents(mgr.ID)
	if len(docs) == 0 {
		t.Fatal("no error file after a dry run with errors")
	}
	checkErrorFile(t, docs[len(docs)-1].Data, "维护", "金额不能为负数", "培训", "回款金额大于开票金额 10000.00")

	h.pressOn(mgr, m, "确认导入")
	done := h.waitMessage(mgr, "导入完成")
	mustContain(t, done.Text, "交易 3", "记入回款 2 笔")

	const deals = `SELECT string_agg(d.description || ':' || d.amount || ':' || coalesce(d.invoiced::text, '-') || ':' ||
		coalesce(d.due_on::text, '-') || ':' || coalesce(p.amount::text, '-') || ':' || coalesce(p.paid_on::text, '-'), ' ' ORDER BY d.deal_on)
		FROM deals d LEFT JOIN deal_payments p ON p.deal_id = d.id`
	want := "数控机床:120000.00:100000.00:2026-10-31:40000.00:2026-10-15 软件开发:50000.00:-:-:50000.00:2026-09-01 " +
		"配件:30000.00:-:2026-12-31:-:-"
	if got := h.str(deals); got != want {
		t.Fatalf("deals and payments %q, want %q", got, want)
	}
	if n := h.count(`SELECT count(*) FROM deal_payments WHERE created_by = $1 AND origin_update IS NULL`, h.staffID(mgr)); n != 2 {
		t.Fatalf("%d payments by the importer, want 2", n)
	}

	// The card: 60,000 overdue since 10-31 (23 days), 30,000 not yet due.
	card := h.say(mgr, "华东精密")
	if hasButton(card, "上海华东精密机械有限公司") {
		card = h.press(mgr, card, "上海华东精密机械有限公司")
	}
	mustContain(t, card.Text, "应收账款", "数控机床", "未收 ¥60000.00，逾期 23 天", "未到期：")

	// The same file again adds no deal and no second payment.
	before := len(h.tg.Messages(mgr.ID))
	m = h.sendFile(mgr, "应收台账.xlsx", data)
	m = h.pressOn(mgr, m, "试运行")
	mustContain(t, m.Text, "合作记录 0")
	if containsAll(m.Text, []string{"带已回款"}) {
		t.Fatalf("the re-import's dry run counts payments:\n%s", m.Text)
	}
	h.pressOn(mgr, m, "确认导入")
	again := h.waitNew(mgr, before, "导入完成")
	mustContain(t, again.Text, "交易 0")
	if n := h.count(`SELECT count(*) FROM deal_payments`); n != 2 {
		t.Fatalf("%d payments after the re-import, want 2", n)
	}
	if n := h.count(`SELECT count(*) FROM deals`); n != 3 {
		t.Fatalf("%d deals after the re-import, want 3", n)
	}

	// Undo of the first import removes its payments with its deals.
	m = h.pressOn(mgr, done, "撤销本次导入")
	m = h.pressOn(mgr, m, "确认撤销")
	mustContain(t, m.Text, "已撤销导入", "删除客户 2", "删除回款 2 笔")
	if n := h.count(`SELECT count(*) FROM deal_payments`) + h.count(`SELECT count(*) FROM deals`); n != 0 {
		t.Fatalf("%d deals and payments left after undo", n)
	}
}
