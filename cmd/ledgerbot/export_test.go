package main

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// exportClient adds a client owned by u straight to the ledger.
func (h *harness) exportClient(u telegramtest.User, name, tier string) int64 {
	h.t.Helper()
	var id int64
	err := h.pool.QueryRow(context.Background(), `INSERT INTO clients (team_id, owner_id, name, tier, stage, created_at, updated_at)
		SELECT team_id, id, $2, $3, 'active', $4, $4 FROM staff WHERE telegram_id = $1 RETURNING id`,
		u.ID, name, tier, h.clock.Now()).Scan(&id)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// waitDocument waits for the n-th file (from 1) the bot sends u.
func (h *harness) waitDocument(u telegramtest.User, n int) telegramtest.Document {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if docs := h.tg.Documents(u.ID); len(docs) >= n {
			return docs[n-1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.t.Fatalf("no file %d in chat %d; calls:\n%s", n, u.ID, telegramtest.FormatCalls(h.tg.Calls()))
	return telegramtest.Document{}
}

// sheetColumn opens an exported workbook and reads one sheet's column by
// its header.
func sheetColumn(t *testing.T, data []byte, sheet, header string) []string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the file is not a workbook: %v", err)
	}
	defer func() { _ = x.Close() }()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v (sheets %q)", sheet, err, x.GetSheetList())
	}
	i := slices.Index(rows[0], header)
	if i < 0 {
		t.Fatalf("no column %q in %q", header, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		if i < len(r) {
			out = append(out, r[i])
		} else {
			out = append(out, "")
		}
	}
	slices.Sort(out)
	return out
}

func TestExportAsManagerSendsTheTeamsLedgerAsAWorkbook(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east, west := h.team("East"), h.team("West")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	carol := h.join("Carol", access.Sales, west, "en")
	h.exportClient(alice, "Acme Trading", "key")
	h.exportClient(mia, "Beta Foods", "normal")
	h.exportClient(carol, "Westco", "key")

	m := h.say(mia, "/export")
	mustContain(t, m.Text, "Export the ledger", "whole team")
	if !hasButton(m, "Alice") || hasButton(m, "Carol") {
		t.Fatalf("scope buttons: %v", m.Inline)
	}
	m = h.press(mia, m, "Whole team")
	mustContain(t, m.Text, "visits and feedback")
	m = h.press(mia, m, "This month")
	mustContain(t, m.Text, "2026-11-01 to 2026-11-30", "Tier: any")
	m = h.press(mia, m, "Start the export")
	mustContain(t, m.Text, "Export the ledger")
	if !hasButton(m, "Export again") {
		t.Fatalf("the progress message has no way to run it again: %v", m.Inline)
	}

	doc := h.waitDocument(mia, 1)
	if doc.Name != "client-ledger_2026-11-23.xlsx" {
		t.Errorf("file name %q", doc.Name)
	}
	mustContain(t, doc.Caption, "Clients 2", "2026-11-01 to 2026-11-30")
	if got := sheetColumn(t, doc.Data, "Clients", "Client name"); !slices.Equal(got, []string{"Acme Trading", "Beta Foods"}) {
		t.Errorf("clients %q, want the team's two", got)
	}
	if got := sheetColumn(t, doc.Data, "Clients", "Owner"); !slices.Equal(got, []string{"Alice", "Mia"}) {
		t.Errorf("owners %q", got)
	}
	h.waitMessage(mia, "Done: 2 rows")
}

func TestExportAsSalespersonHoldsOnlyTheirOwnClients(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "zh")
	bob := h.join("Bob", access.Sales, east, "zh")
	h.exportClient(alice, "甲公司", "key")
	h.exportClient(bob, "乙公司", "key")

	m := h.say(alice, "/export")
	mustContain(t, m.Text, "拜访和反馈") // a salesperson goes straight to the period
	m = h.press(alice, m, "上月")
	mustContain(t, m.Text, "2026-10-01 至 2026-10-31")
	h.press(alice, m, "开始导出")
	doc := h.waitDocument(alice, 1)
	if doc.Name != "客户台账_2026-11-23.xlsx" {
		t.Errorf("file name %q", doc.Name)
	}
	if got := sheetColumn(t, doc.Data, "客户", "客户名称"); !slices.Equal(got, []string{"甲公司"}) {
		t.Errorf("clients %q, want Alice's only", got)
	}
}

func TestExportTakesATypedRangeAndATierAndStageFilter(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	acme := h.exportClient(alice, "Acme Trading", "key")
	h.exportClient(alice, "Plain Co", "normal")
	ctx := context.Background()
	for _, at := range []time.Time{time.Date(2026, 2, 10, 10, 0, 0, 0, shanghai), time.Date(2026, 5, 10, 10, 0, 0, 0, shanghai)} {
		if _, err := h.pool.Exec(ctx, `INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
			VALUES ($1, $2, 'phone', $3, $4, $4)`, acme, h.staffID(alice), "call "+at.Format("01-02"), at); err != nil {
			t.Fatal(err)
		}
	}

	m := h.say(mia, "/export")
	h.press(mia, m, "Alice")
	m = h.say(mia, "not a range")
	mustContain(t, m.Text, "could not read that range")
	m = h.say(mia, "2026-01-01 2026-03-31")
	mustContain(t, m.Text, "2026-01-01 to 2026-03-31")
	m = h.press(mia, m, "key")
	mustContain(t, m.Text, "Tier: key")
	m = h.press(mia, m, "active")
	mustContain(t, m.Text, "Stage: active")
	h.press(mia, m, "Start the export")
	doc := h.waitDocument(mia, 1)
	if got := sheetColumn(t, doc.Data, "Clients", "Client name"); !slices.Equal(got, []string{"Acme Trading"}) {
		t.Errorf("clients %q, want the key one", got)
	}
	if got := sheetColumn(t, doc.Data, "Visits", "Visit notes"); !slices.Equal(got, []string{"call 02-10"}) {
		t.Errorf("visits %q, want the one in the range", got)
	}
}

func TestExportButtonIsCheckedAgainstThePressersRights(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east, west := h.team("East"), h.team("West")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	h.exportClient(alice, "Acme Trading", "key")
	stranger := telegramtest.User{ID: 777, FirstName: "Eve", LanguageCode: "en"}
	nov := callback.Export{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}

	// A stranger gets the polite line, by command or by button.
	m := h.say(stranger, "/export")
	mustContain(t, m.Text, "invite code")
	h.pressData(stranger, m.ID, nov.Data())
	if got := h.lastAnswer(); got != "No access." {
		t.Errorf("stranger's button answered %q", got)
	}

	// A salesperson forging another team's export is refused.
	m = h.say(alice, "/help")
	other := nov
	other.Team = west.ID
	h.pressData(alice, m.ID, other.Data())
	if got := h.lastAnswer(); got != "You may not export those clients." {
		t.Errorf("forged team export answered %q", got)
	}
	colleague := nov
	colleague.Owner = h.staffID(mia)
	h.pressData(alice, m.ID, colleague.Data())
	if got := h.lastAnswer(); got != "You may not export those clients." {
		t.Errorf("forged colleague export answered %q", got)
	}

	// The manager's own button runs, edited into the progress message.
	m = h.say(mia, "/help")
	mine := nov
	mine.Owner = h.staffID(alice)
	h.pressData(mia, m.ID, mine.Data())
	doc := h.waitDocument(mia, 1)
	if got := sheetColumn(t, doc.Data, "Clients", "Client ID"); len(got) != 1 {
		t.Errorf("client ids %q", got)
	}
	if n := len(h.tg.Documents(stranger.ID)) + len(h.tg.Documents(alice.ID)); n != 0 {
		t.Errorf("%d files went to the stranger or the forger", n)
	}
}

func TestExportAsAdminChoosesOneTeamOrAll(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east, west := h.team("East"), h.team("West")
	ada := h.join("Ada", access.Admin, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	carol := h.join("Carol", access.Sales, west, "en")
	h.exportClient(alice, "Acme Trading", "key")
	h.exportClient(carol, "Westco", "key")

	m := h.say(ada, "/export")
	if !hasButton(m, "All teams") || !hasButton(m, "East") {
		t.Fatalf("an admin's scope buttons: %v", m.Inline)
	}
	m = h.press(ada, m, "West")
	m = h.press(ada, m, "This quarter")
	mustContain(t, m.Text, "2026-10-01 to 2026-12-31")
	h.press(ada, m, "Start the export")
	doc := h.waitDocument(ada, 1)
	if got := sheetColumn(t, doc.Data, "Clients", "Client name"); !slices.Equal(got, []string{"Westco"}) {
		t.Errorf("West's export holds %q", got)
	}
	h.waitMessage(ada, "Done: 1 rows")

	m = h.say(ada, "/export")
	m = h.press(ada, m, "All teams")
	m = h.press(ada, m, "This month")
	h.press(ada, m, "Start the export")
	doc = h.waitDocument(ada, 2)
	if got := sheetColumn(t, doc.Data, "Clients", "Client name"); !slices.Equal(got, []string{"Acme Trading", "Westco"}) {
		t.Errorf("every team's export holds %q", got)
	}
	if got := sheetColumn(t, doc.Data, "Clients", "Team"); !slices.Equal(got, []string{"East", "West"}) {
		t.Errorf("teams %q", got)
	}
}

func TestExportWritesEachDealsReceivableForARoundTrip(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "zh")
	acme := h.exportClient(alice, "甲公司", "key")
	h.exec(`WITH d AS (INSERT INTO deals (client_id, deal_on, amount, description, invoiced, due_on, created_by, created_at)
			VALUES ($1, '2026-09-01', 12000, '设备', 10000, '2026-10-31', $2, now()) RETURNING id)
		INSERT INTO deal_payments (deal_id, amount, paid_on, created_by, created_at)
		SELECT id, a, p::date, $2, now() FROM d, (VALUES (3000, '2026-10-01'), (2000, '2026-10-20')) AS x (a, p)`,
		acme, h.staffID(alice))

	m := h.say(alice, "/export")
	m = h.press(alice, m, "上月")
	h.press(alice, m, "开始导出")
	doc := h.waitDocument(alice, 1)
	for header, want := range map[string]string{"开票金额": "10,000.00", "回款到期日": "2026-10-31", "已回款": "5,000.00", "回款日期": "2026-10-20"} {
		if got := sheetColumn(t, doc.Data, "合作记录", header); len(got) != 1 || normalDate(got[0]) != want {
			t.Errorf("%s %q, want %s", header, got, want)
		}
	}
}

// normalDate writes a date cell as excelize shows it (10-31-26) as
// 2026-10-31; other text stays as it is.
func normalDate(s string) string {
	if d, err := time.Parse("01-02-06", s); err == nil {
		return d.Format(time.DateOnly)
	}
	return s
}
