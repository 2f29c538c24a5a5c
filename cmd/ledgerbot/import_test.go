package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// sendFile sends data as u's document named name and returns the bot's
// last message after it was handled.
func (h *harness) sendFile(u telegramtest.User, name string, data []byte) telegramtest.Message {
	h.t.Helper()
	h.waitDone(h.tg.SendDocument(u, name, "", data))
	return h.last(u)
}

// importDesk is a team with a manager and a salesperson named as the
// fixtures name their owners.
func importDesk(t *testing.T, h *harness, lang string) (mgr, sales telegramtest.User) {
	t.Helper()
	team := h.team("华东")
	return h.join(fixtureManager, access.Manager, team, lang), h.join(fixtureSales, access.Sales, team, lang)
}

// str reads one text value.
func (h *harness) str(sql string, args ...any) string {
	h.t.Helper()
	var s string
	if err := h.pool.QueryRow(h.t.Context(), sql, args...).Scan(&s); err != nil {
		h.t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func TestImportWorkbookMapsChecksCommitsAndUndoes(t *testing.T) {
	t.Parallel()
	h := setup(t)
	mgr, _ := importDesk(t, h, "zh")

	m := h.sendFile(mgr, "客户台账.xlsx", fixture(t, "ledger.xlsx"))
	mustContain(t, m.Text, "客户台账.xlsx", "客户台账", "合作记录", "拜访记录", "客户名称 → 客户名称", "手机 → 电话",
		"电话2 → 电话 #2", "内部编码 → 忽略", "客户等级：A/")
	if n := len(h.tg.CallsTo("downloadFile")); n != 1 {
		t.Fatalf("%d downloads, want 1", n)
	}

	// A changed mapping: the unknown column becomes the source.
	m = h.pressOn(mgr, m, "P 内部编码")
	mustContain(t, m.Text, "这一列是什么")
	m = h.pressOn(mgr, m, "来源")
	mustContain(t, m.Text, "内部编码 → 客户来源")

	m = h.pressOn(mgr, m, "试运行")
	mustContain(t, m.Text, "试运行结果", "台账尚未改动", "有错误", "赵六", "行")
	docs := h.tg.Documents(mgr.ID)
	if len(docs) == 0 {
		t.Fatal("no error file after a dry run with errors")
	}
	errFile := docs[len(docs)-1]
	checkErrorFile(t, errFile.Data, "电话待定", "2024-13-45", "钻石")
	if n := h.count(`SELECT count(*) FROM clients`); n != 0 {
		t.Fatalf("%d clients after the dry run, want 0", n)
	}

	// Unknown owners go to the importer: 赵六's client is no error now.
	m = h.pressOn(mgr, m, "归我")
	mustContain(t, m.Text, "归导入人")

	m = h.pressOn(mgr, m, "确认导入")
	if hasButton(m, "确认导入") {
		t.Fatal("the report keeps its buttons after the confirm")
	}
	done := h.waitMessage(mgr, "导入完成")
	mustContain(t, done.Text, "新建")
	if !hasButton(done, "撤销本次导入") {
		t.Fatalf("no undo button on the summary:\n%s", done.Text)
	}

	checkImportedLedger(t, h)

	// Imported clients are found by search.
	if m := h.say(mgr, "华东精密"); !hasButton(m, "上海华东精密机械有限公司") && !strings.Contains(m.Text, "上海华东精密机械有限公司") {
		t.Fatalf("search by name does not find the imported client:\n%s", m.Text)
	}
	if m := h.say(mgr, "13700137000"); !hasButton(m, "北京中科信息技术有限公司") && !strings.Contains(m.Text, "北京中科信息技术有限公司") {
		t.Fatalf("search by phone does not find the imported client:\n%s", m.Text)
	}

	// Undo asks first, then removes what the import created.
	m = h.pressOn(mgr, done, "撤销本次导入")
	mustContain(t, m.Text, "确定撤销")
	m = h.pressOn(mgr, m, "确认撤销")
	mustContain(t, m.Text, "已撤销导入", "删除客户")
	if n := h.count(`SELECT count(*) FROM clients`); n != 0 {
		t.Fatalf("%d clients after undo, want 0", n)
	}
}

// checkErrorFile opens the error file and checks each value is on a row
// with an error column.
func checkErrorFile(t *testing.T, data []byte, values ...string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the error file is no workbook: %v", err)
	}
	defer func() { _ = f.Close() }()
	var all strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			all.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	mustContain(t, all.String(), append([]string{"错误"}, values...)...)
}

// checkImportedLedger checks what the fixture workbook put in the ledger:
// contacts from repeated rows and extra columns, +86 phones, amounts, dates
// in every form, the merged industry, and no half rows.
func checkImportedLedger(t *testing.T, h *harness) {
	t.Helper()
	const hd = `(SELECT id FROM clients WHERE name = '上海华东精密机械有限公司')`
	if n := h.count(`SELECT count(*) FROM clients WHERE name = '上海华东精密机械有限公司'`); n != 1 {
		t.Fatalf("%d 上海华东 clients, want 1 (the repeated row adds a contact)", n)
	}
	if n := h.count(`SELECT count(*) FROM contacts WHERE client_id = ` + hd); n != 3 {
		t.Fatalf("上海华东 has %d contacts, want 3 (row, extra column, repeated row)", n)
	}
	if n := h.count(`SELECT count(*) FROM contacts WHERE phone_digits LIKE '%13800138000'`); n != 1 {
		t.Fatal("the +86 phone was not kept")
	}
	if got := h.str(`SELECT string_agg(amount::text, ',' ORDER BY deal_on) FROM deals WHERE client_id = ` + hd); got != "1234.50,12000.00" {
		t.Fatalf("上海华东 deals %q, want ¥1,234.50 and 1.2万", got)
	}
	if got := h.str(`SELECT string_agg(deal_on::text, ',' ORDER BY deal_on) FROM deals`); got != "2024-01-15,2024-03-01,2024-03-05,2024-03-05" {
		t.Fatalf("deal dates %q", got)
	}
	if got := h.str(`SELECT (last_contact_at AT TIME ZONE 'Asia/Shanghai')::date::text FROM clients WHERE id = ` + hd); got != "2024-03-05" {
		t.Fatalf("last contact %q, want the text date 2024/3/5", got)
	}
	if n := h.count(`SELECT count(*) FROM visits`); n != 2 {
		t.Fatalf("%d visits, want 2", n)
	}
	for _, bad := range []string{"深圳创新电子有限公司", "杭州西湖茶业有限公司", "成都天府食品有限公司"} {
		if n := h.count(`SELECT count(*) FROM clients WHERE name = $1`, bad); n != 0 {
			t.Fatalf("%s has a row error but was imported", bad)
		}
	}
	if n := h.count(`SELECT count(*) FROM clients WHERE name = '广州南方物流有限公司' AND owner_id = (SELECT id FROM staff WHERE name = $1)`, fixtureManager); n != 1 {
		t.Fatal("the unknown owner's client is not the importer's")
	}
}

func TestImportLimitsAndBadFilesGetClearAnswers(t *testing.T) {
	t.Parallel()
	h := setup(t)
	mgr, _ := importDesk(t, h, "en")

	m := h.sendFile(mgr, "ledger.xlsx", make([]byte, 25<<20))
	mustContain(t, m.Text, "too big", "20 MB")
	if n := len(h.tg.CallsTo("getFile")); n != 0 {
		t.Fatalf("%d getFile calls for a 25 MB file, want none: its size says it all", n)
	}
	mustContain(t, h.sendFile(mgr, "old.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")).Text, "Save As", "Excel Workbook (*.xlsx)")
	mustContain(t, h.sendFile(mgr, "photo.jpg", []byte("\xff\xd8\xff\xe0")).Text, "not a spreadsheet", ".xlsx", ".csv")
	mustContain(t, h.sendFile(mgr, "renamed.xlsx", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")).Text, "not a spreadsheet")
	mustContain(t, h.sendFile(mgr, "empty.csv", nil).Text, "empty")
	mustContain(t, h.sendFile(mgr, "numbers.csv", []byte("1,2,3\n4,5,6\n")).Text, "header")
	wide := strings.Repeat("col,", 299) + "col\n" + strings.Repeat("x,", 299) + "x\n"
	mustContain(t, h.sendFile(mgr, "wide.csv", []byte(wide)).Text, "Too many columns")
	if n := h.count(`SELECT count(*) FROM imports`); n != 0 {
		t.Fatalf("%d imports stored from bad files, want 0", n)
	}
	// The .xls is refused from its name, before any download.
	if n := len(h.tg.CallsTo("downloadFile")); n != 4 {
		t.Fatalf("%d downloads, want 4 (the renamed PNG, empty, numbers, wide)", n)
	}
}

func TestImportRights(t *testing.T) {
	t.Parallel()
	h := setup(t)
	team := h.team("East")
	sales := h.join("Sam", access.Sales, team, "en")
	mustContain(t, h.sendFile(sales, "ledger.xlsx", fixture(t, "ledger.xlsx")).Text, "Only managers and admins")
	mustContain(t, h.say(sales, "/import").Text, "Only managers and admins")

	stranger := telegramtest.User{ID: 99, FirstName: "Eve", LanguageCode: "en"}
	mustContain(t, h.sendFile(stranger, "ledger.xlsx", fixture(t, "ledger.xlsx")).Text, "invite code")
	if n := len(h.tg.CallsTo("getFile")); n != 0 {
		t.Fatalf("%d getFile calls for files of a salesperson and a stranger, want none", n)
	}

	// An admin chooses the team first.
	admin := h.join("Ada", access.Admin, h.team("HQ"), "en")
	m := h.sendFile(admin, "ledger_gbk.csv", fixture(t, "ledger_gbk.csv"))
	mustContain(t, m.Text, "Into which team?")
	m = h.pressOn(admin, m, "East")
	mustContain(t, m.Text, "ledger_gbk.csv", "GB18030", "Client name")
	if n := h.count(`SELECT count(*) FROM imports WHERE team_id = $1`, team.ID); n != 1 {
		t.Fatal("the admin's import is not in the chosen team")
	}
}

func TestImportCommandExplainsAndSendsATemplateThatImportsClean(t *testing.T) {
	t.Parallel()
	h := setup(t)
	mgr, _ := importDesk(t, h, "zh")
	h.say(mgr, "/import")
	msgs := h.tg.Messages(mgr.ID)
	var help string
	for _, m := range msgs {
		if strings.Contains(m.Text, "导入客户台账") {
			help = m.Text
		}
	}
	mustContain(t, help, "20 MB", "200,000", "GBK", "另存为 .xlsx")
	docs := h.tg.Documents(mgr.ID)
	if len(docs) != 1 || !strings.HasSuffix(docs[0].Name, ".xlsx") {
		t.Fatalf("documents after /import: %+v", docs)
	}
	m := h.sendFile(mgr, docs[0].Name, docs[0].Data)
	m = h.pressOn(mgr, m, "试运行")
	mustContain(t, m.Text, "新建客户 1", "有错误 0")
}

func TestImportResumesAfterACrashWithNothingDoubled(t *testing.T) {
	t.Parallel()
	h := setupWith(t, map[string]string{"INTAKE_LEASE": "2s"})
	mgr, _ := importDesk(t, h, "zh")
	const clients = 1200
	data, err := bigCSV(clients)
	if err != nil {
		t.Fatal(err)
	}
	m := h.sendFile(mgr, "大客户表.csv", data)
	m = h.pressOn(mgr, m, "试运行")
	mustContain(t, m.Text, "新建客户 1,200", "有错误 0")

	// The runner's first progress edit hangs: the import stops between
	// batches, part-way, when the bot is stopped.
	release := h.tg.Hang("editMessageText", 1)
	m = h.pressOn(mgr, m, "确认导入")
	h.tg.WaitFor(t, 15*time.Second, func(c telegramtest.Call) bool {
		return c.Method == "editMessageText" && strings.Contains(c.Params["text"], "导入中")
	})
	t.Logf("done at the hung edit: %d", h.count(`SELECT done FROM imports`))
	h.stop()
	release()
	done := h.count(`SELECT done FROM imports`)
	total := h.count(`SELECT total FROM imports`)
	if done == 0 || done >= total {
		t.Fatalf("done %d of %d at the crash, want part-way", done, total)
	}

	h.start()
	summary := h.waitMessage(mgr, "导入完成")
	mustContain(t, summary.Text, "新建 1,200")
	if n := h.count(`SELECT count(*) FROM clients`); n != clients {
		t.Fatalf("%d clients after the resume, want %d", n, clients)
	}
	if n, want := h.count(`SELECT count(*) FROM contacts`), clients/3*6; n != want {
		t.Fatalf("%d contacts after the resume, want %d", n, want)
	}
	if n := h.count(`SELECT count(*) FROM (SELECT phone_digits FROM contacts GROUP BY 1 HAVING count(*) > 1) d`); n != 0 {
		t.Fatalf("%d phones imported twice", n)
	}
	var progress int
	for _, c := range h.tg.CallsTo("editMessageText") {
		if strings.Contains(c.Params["text"], "导入中") {
			progress++
		}
	}
	if progress == 0 {
		t.Fatal("no progress edit")
	}
}

// waitNew waits for a message in u's chat, after the first before ones,
// whose text contains every part.
func (h *harness) waitNew(u telegramtest.User, before int, parts ...string) telegramtest.Message {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		msgs := h.tg.Messages(u.ID)
		for i := len(msgs) - 1; i >= before; i-- {
			if containsAll(msgs[i].Text, parts) {
				return msgs[i]
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("no new message with %q in chat %d", parts, u.ID)
	return telegramtest.Message{}
}

func TestImportGBKCSVWithEachDuplicateChoiceAndUndo(t *testing.T) {
	t.Parallel()
	h := setup(t)
	mgr, _ := importDesk(t, h, "en")
	// The ledger holds the client already, tier key, no region, no needs.
	h.createClient(mgr, "上海华东精密机械有限公司")
	const existing = `(SELECT id FROM clients ORDER BY id LIMIT 1)`
	state := func() string {
		return h.str(`SELECT tier || '|' || region || '|' || needs FROM clients WHERE id = ` + existing)
	}
	if got := state(); got != "key||" {
		t.Fatalf("existing client %q", got)
	}
	for _, c := range []struct {
		button, want string
		clients      int
	}{
		{"Skip", "key||", 3},
		{"Fill empty fields", "key|上海|GBK导入的需求", 3},
		{"Overwrite", "strategic|上海|GBK导入的需求", 3},
		{"Create anyway", "key||", 4},
	} {
		before := len(h.tg.Messages(mgr.ID))
		m := h.sendFile(mgr, "ledger_gbk.csv", fixture(t, "ledger_gbk.csv"))
		mustContain(t, m.Text, "GB18030", "客户名称 → Client name")
		m = h.pressOn(mgr, m, "Dry run")
		mustContain(t, m.Text, "3 rows", "2 create a client", "1 update an existing client", "1 rows match an existing client")
		m = h.pressOn(mgr, m, c.button)
		mustContain(t, m.Text, "<b>"+c.button+"</b>")
		h.pressOn(mgr, m, "Confirm import")
		done := h.waitNew(mgr, before, "Import done")
		if got := state(); got != c.want {
			t.Errorf("%s: existing client %q, want %q", c.button, got, c.want)
		}
		if n := h.count(`SELECT count(*) FROM clients`); n != c.clients {
			t.Errorf("%s: %d clients, want %d", c.button, n, c.clients)
		}
		m = h.pressOn(mgr, done, "Undo this import")
		m = h.pressOn(mgr, m, "Yes, undo it")
		mustContain(t, m.Text, "Import undone")
		if got := state(); got != "key||" {
			t.Errorf("%s: after undo the existing client is %q, want it restored", c.button, got)
		}
		if n := h.count(`SELECT count(*) FROM clients`); n != 1 {
			t.Errorf("%s: %d clients after undo, want 1", c.button, n)
		}
	}
}
