package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// reportTeam is a small team with known figures for November 2026 (the
// harness's clock is 2026-11-23): Alice owns Acme and Beta, visited Acme on
// site twice and by phone once, and sold Acme ¥12,000 of which ¥5,000 was
// paid; Bob owns Cora, visited it by video once and sold nothing. Every
// client was created today, so all three are new this month.
type reportTeam struct {
	mia, alice, bob telegramtest.User
	east            int64
}

func (h *harness) seedReportTeam() reportTeam {
	h.t.Helper()
	east := h.team("East")
	rt := reportTeam{east: east.ID,
		mia:   h.join("Mia", access.Manager, east, "en"),
		alice: h.join("Alice", access.Sales, east, "en"),
		bob:   h.join("Bob", access.Sales, east, "en")}
	acme := h.exportClient(rt.alice, "Acme Trading", "key")
	h.exportClient(rt.alice, "Beta Foods", "normal")
	cora := h.exportClient(rt.bob, "Cora Ltd", "normal")
	ctx := context.Background()
	at := func(d, hour int) time.Time { return time.Date(2026, 11, d, hour, 0, 0, 0, shanghai) }
	for _, v := range []struct {
		client int64
		author telegramtest.User
		kind   string
		at     time.Time
	}{
		{acme, rt.alice, "onsite", at(3, 10)}, {acme, rt.alice, "onsite", at(12, 15)}, {acme, rt.alice, "phone", at(20, 9)},
		{cora, rt.bob, "video", at(18, 16)},
	} {
		if _, err := h.pool.Exec(ctx, `INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
			VALUES ($1, $2, $3, 'met', $4, $4)`, v.client, h.staffID(v.author), v.kind, v.at); err != nil {
			h.t.Fatal(err)
		}
	}
	var deal int64
	if err := h.pool.QueryRow(ctx, `INSERT INTO deals (client_id, deal_on, amount, created_by, created_at)
		VALUES ($1, '2026-11-05', 12000, $2, $3) RETURNING id`, acme, h.staffID(rt.alice), at(5, 11)).Scan(&deal); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.pool.Exec(ctx, `INSERT INTO deal_payments (deal_id, amount, paid_on, created_by, created_at)
		VALUES ($1, 5000, '2026-11-20', $2, $3)`, deal, h.staffID(rt.alice), at(20, 12)); err != nil {
		h.t.Fatal(err)
	}
	return rt
}

// reportRows opens a report workbook and reads one sheet unformatted, as a
// map from each row's name (the column headed nameHeader) to its row, with
// the header row under "".
func reportRows(t *testing.T, data []byte, sheet, nameHeader string) map[string]map[string]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the file is not a workbook: %v", err)
	}
	defer func() { _ = x.Close() }()
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %v (sheets %q)", sheet, err, x.GetSheetList())
	}
	out := map[string]map[string]string{}
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out[m[nameHeader]] = m
	}
	return out
}

// messagesAfter are the messages in u's chat after the first n.
func (h *harness) messagesAfter(u telegramtest.User, n int) []telegramtest.Message {
	return h.tg.Messages(u.ID)[n:]
}

func TestReportAsManagerSendsTheTeamsTablesChartAndWorkbook(t *testing.T) {
	t.Parallel()
	h := setup(t)
	rt := h.seedReportTeam()

	help := h.say(rt.mia, "/help")
	mustContain(t, help.Text, "/report")
	m := h.say(rt.mia, "/report")
	mustContain(t, m.Text, "Sales review", "which period")
	before := len(h.tg.Messages(rt.mia.ID))
	last := h.press(rt.mia, m, "This month")

	msgs := h.messagesAfter(rt.mia, before)
	var kinds []string
	var text strings.Builder
	for _, x := range msgs {
		kinds = append(kinds, x.Kind)
		if x.Kind == "text" {
			text.WriteString(x.Text + "\n")
		}
	}
	if len(msgs) < 2 || msgs[0].Kind != "photo" {
		t.Fatalf("the chart does not come first: %q", kinds)
	}
	mustContain(t, msgs[0].Text, "Sales review · East")
	screen := h.tg.Messages(rt.mia.ID)[before-1]
	mustContain(t, screen.Text, "Sales review · East", "below")
	got := text.String()
	mustContain(t, got, "2026-11-01 – 2026-11-30", "Compared with 2026-10-01 – 2026-10-31", "Figures as of 2026-11-23 09:30",
		"Visits: 4 (previous 0",
		"Deal amount (CNY): 12,000",
		"Payments collected (CNY): 5,000")
	// The visits table: all, on site, phone, video, other, then the name.
	for _, row := range []string{"3 2 1 0 0 Alice", "1 0 0 1 0 Bob", "4 2 1 1 0 Total"} {
		if !strings.Contains(squeeze(got), row) {
			t.Errorf("no visits row %q in\n%s", row, got)
		}
	}
	// The clients table: owned, coverage, new, lost, churn.
	if !strings.Contains(squeeze(got), "2 50% 2 0") {
		t.Errorf("Alice's clients row (2 owned, 50%% covered, 2 new, 0 lost) missing in\n%s", got)
	}
	if last.ID != msgs[len(msgs)-1].ID || !hasButton(last, "XLSX") {
		t.Fatalf("the last message has no XLSX button: %v", last.Inline)
	}

	h.press(rt.mia, last, "XLSX")
	doc := h.waitDocument(rt.mia, 1)
	if doc.Name != "sales-review_East_2026-11-01_2026-11-30.xlsx" {
		t.Errorf("file name %q", doc.Name)
	}
	people := reportRows(t, doc.Data, "By salesperson", "Name")
	for name, want := range map[string]map[string]string{
		"Alice": {"Visits": "3", "Clients owned": "2", "Clients visited": "1", "Coverage": "0.5", "New clients": "2",
			"Deal amount (CNY)": "12000", "Payments collected (CNY)": "5000"},
		"Bob": {"Visits": "1", "Clients owned": "1", "Coverage": "1", "Deal amount (CNY)": "0"},
	} {
		for col, v := range want {
			if people[name][col] != v {
				t.Errorf("%s's %s = %q, want %s (row %v)", name, col, people[name][col], v, people[name])
			}
		}
	}
	if _, ok := people["Mia"]; ok {
		t.Errorf("Mia, a manager who sells nothing, is in the workbook: %v", people)
	}
	byKind := reportRows(t, doc.Data, "Visits by kind", "Name")
	onsite, phone := i18n.EN.Label(i18n.VisitKind, "onsite"), i18n.EN.Label(i18n.VisitKind, "phone")
	if a := byKind["Alice"]; a[onsite] != "2" || a[phone] != "1" || a["Visits"] != "3" {
		t.Errorf("Alice's visits by kind %v", a)
	}
	if team := reportRows(t, doc.Data, "Team totals", "Period"); team["This period"]["Visits"] != "4" || team["Previous"]["Visits"] != "0" {
		t.Errorf("team totals %v", team)
	}
}

// squeeze collapses runs of spaces, so a table row reads "3 2 1 0 0 Alice"
// whatever its column widths.
func squeeze(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " \n ")), " ")
}

func TestReportRefusesSalespeopleAndForgedButtons(t *testing.T) {
	t.Parallel()
	h := setup(t)
	rt := h.seedReportTeam()
	west := h.team("West")
	h.join("Carol", access.Sales, west, "en")
	nov := callback.ReportFile{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}

	// A salesperson is not shown /report and is refused it, typed or forged.
	help := h.say(rt.alice, "/help")
	mustNotContain(t, help.Text, "/report")
	m := h.say(rt.alice, "/report")
	mustContain(t, m.Text, "for managers and admins")
	own := nov
	own.Team = rt.east
	h.pressData(rt.alice, m.ID, own.Data())
	if got := h.lastAnswer(); !strings.Contains(got, "for managers and admins") {
		t.Errorf("salesperson's XLSX button answered %q", got)
	}

	// A manager pressing a button forged for another team gets nothing of it.
	m = h.say(rt.mia, "/help")
	other := nov
	other.Team = west.ID
	h.pressData(rt.mia, m.ID, other.Data())
	if got := h.lastAnswer(); got != "You may not see that team's review." {
		t.Errorf("forged team's XLSX answered %q", got)
	}
	// "Every team" from a manager is their own team's.
	h.pressData(rt.mia, m.ID, nov.Data())
	doc := h.waitDocument(rt.mia, 1)
	if doc.Name != "sales-review_East_2026-11-01_2026-11-30.xlsx" {
		t.Errorf("a manager's every-team button sent %q", doc.Name)
	}
	if people := reportRows(t, doc.Data, "By salesperson", "Name"); people["Carol"] != nil || people["Alice"] == nil {
		t.Errorf("a manager's every-team workbook holds %v", people)
	}
	if n := len(h.tg.Documents(rt.alice.ID)); n != 0 {
		t.Errorf("the salesperson got %d files", n)
	}
	if n := len(h.tg.Documents(rt.mia.ID)); n != 1 {
		t.Errorf("the manager got %d files, want the one of her team", n)
	}
}

func TestReportAsAdminChoosesATeamAndTypesARange(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.seedReportTeam()
	west := h.team("West")
	carol := h.join("Carol", access.Sales, west, "en")
	westco := h.exportClient(carol, "Westco", "key")
	if _, err := h.pool.Exec(context.Background(), `INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
		VALUES ($1, $2, 'phone', 'call', $3, $3)`, westco, h.staffID(carol), time.Date(2026, 10, 15, 10, 0, 0, 0, shanghai)); err != nil {
		t.Fatal(err)
	}
	ada := h.join("Ada", access.Admin, h.team("HQ"), "en")

	m := h.say(ada, "/report")
	mustContain(t, m.Text, "Which team")
	if !hasButton(m, "All teams") || !hasButton(m, "East") || !hasButton(m, "West") {
		t.Fatalf("scope buttons: %v", m.Inline)
	}
	m = h.press(ada, m, "West")
	mustContain(t, m.Text, "which period")
	m = h.say(ada, "2024-01-01 2026-11-30")
	mustContain(t, m.Text, "at most 731 days")
	before := len(h.tg.Messages(ada.ID))
	last := h.say(ada, "2026-10-01 2026-10-31")
	var text strings.Builder
	for _, x := range h.messagesAfter(ada, before) {
		text.WriteString(x.Text + "\n")
	}
	got := text.String()
	mustContain(t, got, "Sales review · West", "Carol")
	mustNotContain(t, got, "Alice")
	if !strings.Contains(squeeze(got), "1 0 1 0 0 Carol") {
		t.Errorf("Carol's October visits row missing in\n%s", got)
	}
	h.press(ada, last, "XLSX")
	doc := h.waitDocument(ada, 1)
	if doc.Name != "sales-review_West_2026-10-01_2026-10-31.xlsx" {
		t.Errorf("file name %q", doc.Name)
	}

	// Every team: the overview names both teams.
	m = h.say(ada, "/report")
	m = h.press(ada, m, "All teams")
	before = len(h.tg.Messages(ada.ID))
	h.press(ada, m, "This month")
	text.Reset()
	for _, x := range h.messagesAfter(ada, before) {
		text.WriteString(x.Text + "\n")
	}
	mustContain(t, text.String(), "All teams", "East", "West", "Alice")
}

// TestReportInChineseForAManagerFromCommandToWorkbook drives /report in
// Chinese end to end: a manager whose Telegram speaks zh asks for it, types
// a range the way people write it (11月1日-11月30日) after one the report
// refuses, and gets the chart, the totals against the previous period and
// the tables in Chinese, then the workbook with Chinese sheets, headers and
// file name, whose figures are numbers. A salesperson is told in Chinese
// that the report is not theirs.
func TestReportInChineseForAManagerFromCommandToWorkbook(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("华东销售部")
	wang := h.join("王经理", access.Manager, east, "zh-hans")
	zhang := h.join("张伟", access.Sales, east, "zh-hans")
	li := h.join("李娜", access.Sales, east, "zh")
	huawei := h.exportClient(zhang, "华为技术有限公司", "key")
	h.exportClient(zhang, "腾讯科技", "normal")
	midea := h.exportClient(li, "美的集团", "normal")
	at := func(d, hour int) time.Time { return time.Date(2026, 11, d, hour, 0, 0, 0, shanghai) }
	for _, v := range []struct {
		client int64
		author telegramtest.User
		kind   string
		at     time.Time
	}{
		{huawei, zhang, "onsite", at(3, 10)}, {huawei, zhang, "onsite", at(12, 15)}, {huawei, zhang, "phone", at(20, 9)},
		{midea, li, "video", at(18, 16)},
	} {
		h.exec(`INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
			VALUES ($1, $2, $3, '沟通需求', $4, $4)`, v.client, h.staffID(v.author), v.kind, v.at)
	}
	var deal int64
	if err := h.pool.QueryRow(context.Background(), `INSERT INTO deals (client_id, deal_on, amount, created_by, created_at)
		VALUES ($1, '2026-11-05', 12000, $2, $3) RETURNING id`, huawei, h.staffID(zhang), at(5, 11)).Scan(&deal); err != nil {
		t.Fatal(err)
	}
	h.exec(`INSERT INTO deal_payments (deal_id, amount, paid_on, created_by, created_at)
		VALUES ($1, 5000, '2026-11-20', $2, $3)`, deal, h.staffID(zhang), at(20, 12))

	mustContain(t, h.say(wang, "/help").Text, "/report", "销售考核报告（团队）")
	m := h.say(wang, "/report")
	mustContain(t, m.Text, "销售考核报告", "考核哪段时间", "1月1日-3月31日")
	for _, b := range []string{"本月", "上月", "本季度"} {
		if !hasButton(m, b) {
			t.Fatalf("the period question has no %q button: %v", b, m.Inline)
		}
	}
	mustContain(t, h.say(wang, "上个世纪").Text, "没看懂这个日期范围")
	mustContain(t, h.say(wang, "2024-01-01 2026-11-30").Text, "考核期间最长 731 天")
	before := len(h.tg.Messages(wang.ID))
	last := h.say(wang, "11月1日-11月30日")

	msgs := h.messagesAfter(wang, before)
	var photos int
	var text strings.Builder
	for _, x := range msgs {
		switch x.Kind {
		case "photo":
			photos++
			mustContain(t, x.Text, "📊 销售考核 · 华东销售部 · 2026年11月1日–11月30日")
		case "text":
			text.WriteString(x.Text + "\n")
		}
	}
	if photos != 1 {
		t.Errorf("%d charts, want 1", photos)
	}
	got := text.String()
	mustContain(t, got, "销售考核 · 华东销售部 · 2026年11月1日–11月30日：见下方",
		"对比上期：2026年10月1日–10月31日", "统计截至 2026年11月23日",
		"<b>团队合计</b>（对比上期）",
		"拜访次数：4（上期 0，+4）",
		"客户覆盖率：66.7%（上期 0.0%，+66.7个百分点）",
		"跟进及时率：–（上期 –）",
		"成交金额（元）：12,000（上期 0，+12,000）",
		"回款金额（元）：5,000（上期 0，+5,000）",
		"<b>拜访</b>（次）", "合计", "上门", "电话", "视频", "其他",
		"<b>满意度与业绩</b>（金额：元）", "成交额", "回款")
	mustNotContain(t, got, "Sales review", "Visits", "previous", "王经理")
	sq := squeeze(got)
	for _, row := range []string{"3 2 1 0 0 张伟", "1 0 0 1 0 李娜", "4 2 1 1 0 合计", "2 50% 2 0 – 张伟", "1.2万 5000 张伟"} {
		if !strings.Contains(sq, row) {
			t.Errorf("no row %q in\n%s", row, got)
		}
	}
	if !hasButton(last, "XLSX") || last.ID != msgs[len(msgs)-1].ID {
		t.Fatalf("the last message has no XLSX button: %v", last.Inline)
	}

	h.press(wang, last, "XLSX")
	doc := h.waitDocument(wang, 1)
	if doc.Name != "销售考核_华东销售部_2026-11-01_2026-11-30.xlsx" {
		t.Errorf("file name %q", doc.Name)
	}
	people := reportRows(t, doc.Data, "个人考核", "姓名")
	for name, want := range map[string]map[string]string{
		"张伟": {"团队": "华东销售部", "角色": "销售", "拜访次数": "3", "名下客户": "2", "已拜访客户": "1", "客户覆盖率": "0.5",
			"新增客户": "2", "成交笔数": "1", "成交金额（元）": "12000", "回款金额（元）": "5000", "跟进及时率": ""},
		"李娜": {"拜访次数": "1", "客户覆盖率": "1", "成交金额（元）": "0"},
	} {
		for col, v := range want {
			if people[name][col] != v {
				t.Errorf("%s's %s = %q, want %q (row %v)", name, col, people[name][col], v, people[name])
			}
		}
	}
	totals := reportRows(t, doc.Data, "团队汇总", "期间")
	if totals["本期"]["拜访次数"] != "4" || totals["上期"]["拜访次数"] != "0" || totals["变化"]["拜访次数"] != "4" {
		t.Errorf("team totals %v", totals)
	}
	if kinds := reportRows(t, doc.Data, "拜访类型", "姓名"); kinds["张伟"]["上门拜访"] != "2" || kinds["张伟"]["电话"] != "1" {
		t.Errorf("visits by kind %v", kinds)
	}
	if defs := reportRows(t, doc.Data, "口径说明", "指标"); !strings.Contains(defs["客户覆盖率"]["口径"], "已拜访客户 ÷ 名下客户") {
		t.Errorf("definitions %v", defs)
	}

	// A salesperson is told in Chinese, and pressing the manager's button
	// gets nothing.
	mustContain(t, h.say(zhang, "/report").Text, "考核报告仅供经理和管理员查看")
	h.pressData(zhang, h.say(zhang, "/help").ID, button(t, last, "XLSX"))
	mustContain(t, h.lastAnswer(), "考核报告仅供经理和管理员查看")
	if n := len(h.tg.Documents(zhang.ID)); n != 0 {
		t.Errorf("the salesperson got %d files", n)
	}
}
