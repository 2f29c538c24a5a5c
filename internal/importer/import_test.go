package importer

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

var hdr = []string{"客户名称", "行业", "客户等级", "负责人", "联系人", "电话", "最近联系"}

func TestBeginGuessesTheMappingAndKeepsTheFile(t *testing.T) {
	t.Parallel()
	b := setup(t)
	data := csvFile(hdr, []string{"星辰科技", "制造", "A", "张伟", "王强", "13900139000", "2026-01-05"})
	imp := b.begin(t, b.mgrA, "台账.csv", data)
	if imp.Status != Mapping || imp.TeamID != b.teamA || imp.Format != sheet.CSV || len(imp.Sheets) != 1 {
		t.Fatalf("import %+v", imp)
	}
	p := imp.Sheets[0]
	if p.Kind != sheet.Clients || !p.Use || len(p.Headers) != len(hdr) {
		t.Fatalf("plan %+v", p)
	}
	want := []sheet.Field{sheet.ClientName, sheet.Industry, sheet.Tier, sheet.Owner, sheet.ContactName, sheet.ContactPhone, sheet.LastContact}
	for i, f := range want {
		if p.Columns[i].Field != f {
			t.Errorf("column %q maps to %q, want %q", p.Headers[i], p.Columns[i].Field, f)
		}
	}
	if n := b.count(t, `SELECT octet_length(data) FROM imports WHERE id = $1`, imp.ID); n != len(data) {
		t.Errorf("stored %d bytes, want %d", n, len(data))
	}
	again, err := b.store.Begin(b.ctx, b.mgrA, 0, 1, "台账.csv", data, b.update)
	if err != nil || again.ID != imp.ID {
		t.Errorf("repeat of the update: %d %v, want import %d", again.ID, err, imp.ID)
	}
	// A changed mapping: ignore the industry column.
	imp, err = b.store.SetColumn(b.ctx, b.mgrA, imp.ID, 0, 1, sheet.Column{})
	if err != nil || imp.Sheets[0].Columns[1].Field != "" {
		t.Fatalf("set column: %v %+v", err, imp.Sheets[0].Columns)
	}
	if _, err := b.store.SetColumn(b.ctx, b.mgrA, imp.ID, 0, 1, sheet.Column{Field: sheet.DealAmount}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a deal field on a clients sheet: %v, want ErrInvalid", err)
	}
}

func TestBeginRefusesWhatCannotBeImported(t *testing.T) {
	t.Parallel()
	b := setup(t)
	data := csvFile(hdr, []string{"星辰科技"})
	if _, err := b.store.Begin(b.ctx, b.salesA, 0, 1, "a.csv", data, 0); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("sales: %v, want ErrForbidden", err)
	}
	if _, err := b.store.Begin(b.ctx, b.mgrA, b.teamB, 1, "a.csv", data, 0); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("manager into another team: %v, want ErrForbidden", err)
	}
	if _, err := b.store.Begin(b.ctx, b.admin, 0, 1, "a.csv", data, 0); !errors.Is(err, ErrTeam) {
		t.Errorf("admin without team: %v, want ErrTeam", err)
	}
	imp, err := b.store.Begin(b.ctx, b.admin, b.teamB, 1, "a.csv", data, 0)
	if err != nil || imp.TeamID != b.teamB {
		t.Errorf("admin into team B: %+v %v", imp, err)
	}
	big := make([]byte, sheet.MaxFileSize+1)
	if _, err := b.store.Begin(b.ctx, b.mgrA, 0, 1, "a.csv", big, 0); !errors.Is(err, sheet.ErrTooLarge) {
		t.Errorf("25 MB: %v, want ErrTooLarge", err)
	}
	if _, err := b.store.Begin(b.ctx, b.mgrA, 0, 1, "a.csv", nil, 0); !errors.Is(err, sheet.ErrEmpty) {
		t.Errorf("empty: %v, want ErrEmpty", err)
	}
	// Who sees an import.
	if _, err := b.store.Get(b.ctx, b.mgrA, imp.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("manager of team A sees team B's import: %v", err)
	}
	if _, err := b.store.Get(b.ctx, b.salesA, imp.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("sales sees an import: %v", err)
	}
	if _, err := b.store.Get(b.ctx, b.mgrB, imp.ID); err != nil {
		t.Errorf("manager of team B does not see the admin's import into team B: %v", err)
	}
	if _, err := b.store.DryRun(b.ctx, b.mgrB, imp.ID, OwnersError); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("manager B drives the admin's import: %v, want ErrForbidden", err)
	}
}

// dupFile is a clients sheet meeting the ledger made by ledgerForDups.
func dupFile() []byte {
	return csvFile(hdr,
		[]string{"华为技术", "通信", "", "", "", "", ""},                         // 2: same name as 华为技术有限公司 -> update
		[]string{"鹏程贸易", "", "", "", "刘总", "+86 138 0013 8000", ""},        // 3: same phone as 华为's contact -> update
		[]string{"新客户甲", "制造", "B", "张伟", "赵一", "13700000001", "2026/1/5"}, // 4: create
		[]string{"新客户甲", "制造", "", "", "钱二", "13700000002", ""},            // 5: only a contact -> merge
		[]string{"新客户甲有限公司", "零售", "", "", "", "", ""},                     // 6: other values -> in-file duplicate
		[]string{"", "制造", "", "", "", "", ""},                             // 7: no name
		[]string{"坏日期", "", "", "", "", "", "昨天"},                          // 8: bad date
		[]string{"生客户", "", "", "王五", "", "", ""},                          // 9: unknown owner
		[]string{"坏电话", "", "", "", "孙三", "abc", ""},                       // 10: bad phone
		[]string{"坏等级", "", "Z", "", "", "", ""},                           // 11: bad tier
		[]string{"Acme Robotic Shanghai", "", "", "", "", "", ""},          // 12: similar to Acme Robotics Shanghai
		[]string{"同号客户", "", "", "", "周四", "13700000001", ""},              // 13: same phone as row 4 -> in-file duplicate
	)
}

func ledgerForDups(t *testing.T, b *bundle) (huawei client.Client) {
	huawei = b.client(t, client.Draft{Name: "华为技术有限公司", Region: "深圳",
		Contact: &client.ContactDraft{Name: "任总", Phone: "13800138000"}})
	b.client(t, client.Draft{Name: "Acme Robotics Shanghai"})
	return huawei
}

func TestDryRunCountsDuplicatesAndRowErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ledgerForDups(t, b)
	imp := b.checked(t, "dups.csv", dupFile(), OwnersError)
	r := imp.Report
	// Contacts: 赵一 (row 4) and 钱二 (row 5); 刘总 (row 3) has 任总's phone,
	// 周四 (row 13) 赵一's. Under fill only row 2 changes 华为 (its empty
	// industry); under overwrite row 3 also renames it.
	want := Report{Rows: 12, Create: 2, Update: 2, Errors: 5, DupLedger: 2, ByName: 1, ByPhone: 1,
		DupSimilar: 1, DupFile: 2, Merged: 1, UpdateFill: 1, UpdateOverwrite: 2, Contacts: 2}
	got := r
	got.Problems, got.Similar, got.UnknownOwners = nil, nil, nil
	if fmtReport(got) != fmtReport(want) {
		t.Errorf("report\n got %s\nwant %s", fmtReport(got), fmtReport(want))
	}
	if imp.Status != Checked || imp.Sheets[0].Rows != 12 {
		t.Errorf("status %s, rows %d", imp.Status, imp.Sheets[0].Rows)
	}
	if len(r.UnknownOwners) != 1 || r.UnknownOwners[0] != "王五" {
		t.Errorf("unknown owners %v", r.UnknownOwners)
	}
	if len(r.Similar) != 1 || r.Similar[0].Client != "Acme Robotics Shanghai" || r.Similar[0].Row != 12 {
		t.Errorf("similar %+v", r.Similar)
	}
	rows := map[int]Problem{}
	for _, p := range r.Problems {
		rows[p.Row] = p
	}
	for row, col := range map[int]string{7: "客户名称", 8: "最近联系", 9: "负责人", 10: "电话", 11: "客户等级"} {
		if p, ok := rows[row]; !ok || p.Column != col || p.Why == "" {
			t.Errorf("row %d: problem %+v, want one on %s", row, p, col)
		}
	}
	if p := rows[9]; p.Value != "王五" || !strings.Contains(p.Why, "负责人") {
		t.Errorf("unknown owner problem %+v (want the value and a Chinese reason)", p)
	}
	// The importer as owner: the row is fine.
	imp, err := b.store.DryRun(b.ctx, b.mgrA, imp.ID, OwnersImporter)
	if err != nil || imp.Report.Errors != 4 || imp.Report.Create != 3 {
		t.Errorf("owners=importer: %v %s", err, fmtReport(imp.Report))
	}
}

func TestErrorFileHoldsTheBadRowsWithTheirReasons(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ledgerForDups(t, b)
	imp := b.checked(t, "dups.csv", dupFile(), OwnersError)
	name, data, err := b.store.ErrorFile(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if name != "dups-错误.xlsx" {
		t.Errorf("name %q", name)
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
	if len(got) != 6 {
		t.Fatalf("error file rows %v, want the hdr and 5 rows", got)
	}
	if h := got[0]; len(h) != len(hdr)+1 || h[0] != "客户名称" || h[len(h)-1] != "错误" {
		t.Errorf("hdr %v", h)
	}
	if r := got[2]; r[0] != "坏日期" || r[6] != "昨天" || !strings.Contains(r[7], "最近联系") {
		t.Errorf("bad date row %v", r)
	}
}

func TestGBKCSVImportsChineseNames(t *testing.T) {
	t.Parallel()
	b := setup(t)
	utf := csvFile(hdr, []string{"广州白云制药有限公司", "医药", "重点", "李娜", "陈医生", "020-8888 6666", "2026年1月5日"})
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	imp := b.checked(t, "ledger.csv", gbk, OwnersError)
	if imp.Encoding != "gb18030" || imp.Report.Create != 1 || imp.Report.Errors != 0 {
		t.Fatalf("encoding %q report %s", imp.Encoding, fmtReport(imp.Report))
	}
	b.commit(t, imp, DupSkip)
	var owner int64
	var tier, industry string
	if err := b.pool.QueryRow(b.ctx, `SELECT owner_id, tier, industry FROM clients WHERE name = '广州白云制药有限公司'`).
		Scan(&owner, &tier, &industry); err != nil {
		t.Fatal(err)
	}
	if owner != b.salesA2.StaffID || tier != "key" || industry != "医药" {
		t.Errorf("owner %d tier %s industry %s", owner, tier, industry)
	}
}
