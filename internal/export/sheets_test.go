package export

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// richLedger gives Alice's client every kind of record, one visit and one
// piece of feedback on each side of November's first midnight in Shanghai.
func richLedger(b *bundle) int64 {
	id := b.client(b.alice, "华为技术有限公司", "strategic", "active")
	b.exec(`UPDATE clients SET industry = 'IT', size = 'large', region = '深圳', address = '坂田', source = '展会',
		needs = '二期报价', risk_note = '账期偏长', last_contact_at = $2, next_review_on = '2026-12-15' WHERE id = $1`,
		id, time.Date(2026, 11, 21, 0, 30, 0, 0, shanghai)) // the 21st in Shanghai, the 20th in UTC
	b.exec(`INSERT INTO contacts (client_id, name, position, phone, email, birthday, is_primary, created_at, updated_at)
		VALUES ($1, '李四', '工程师', '13900139000', '', NULL, false, $2, $2),
		       ($1, '张伟', '采购经理', '13800138000', 'zw@example.com', '1980-05-12', true, $2, $2)`, id, now)
	b.exec(`INSERT INTO deals (client_id, deal_on, amount, description, created_by, created_at)
		VALUES ($1, '2026-10-15', 88000.50, '备件', $2, $3), ($1, '2025-03-01', 1200, '样品', $2, $3)`, id, b.alice.StaffID, now)
	for _, at := range []time.Time{
		time.Date(2026, 10, 31, 23, 30, 0, 0, shanghai), // October in Shanghai and in UTC
		time.Date(2026, 11, 1, 0, 10, 0, 0, shanghai),   // November in Shanghai, October in UTC
	} {
		b.exec(`INSERT INTO visits (client_id, author_id, kind, notes, outcome, visited_at, created_at)
			VALUES ($1, $2, 'onsite', $3, '报价已发', $4, $4)`, id, b.alice.StaffID, "visit "+at.Format(time.RFC3339), at)
		b.exec(`INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, due_on, created_at, updated_at)
			VALUES ($1, $2, $3, 'complaint', 'high', $4, '2026-11-10', $5, $5)`, id, b.alice.StaffID, b.mia.StaffID,
			"feedback "+at.Format(time.RFC3339), at)
	}
	b.exec(`INSERT INTO churn_episodes (client_id, team_id, started_on, reasons, created_at)
		VALUES ($1, $2, '2026-11-20', '[{"code":"no_contact","days":61,"limit":60}]', $3)`, id, b.east, now)
	return id
}

var novemberFilter = Filter{Period: Period{From: d(2026, 11, 1), To: d(2026, 11, 30)}}

func TestExportWritesFiveSheetsWithTheTemplatesHeadersInEitherLanguage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	richLedger(b)
	for _, c := range []struct {
		l      i18n.Lang
		sheets []string
		extras map[sheet.Kind][]string
	}{
		{i18n.ZH, []string{"客户", "联系人", "合作记录", "拜访", "反馈"},
			map[sheet.Kind][]string{sheet.Clients: {"流失风险", "风险原因", "创建日期"}, sheet.Contacts: {"主要联系人"}, sheet.Visits: {"拜访结果"}}},
		{i18n.EN, []string{"Clients", "Contacts", "Deals", "Visits", "Feedback"},
			map[sheet.Kind][]string{sheet.Clients: {"Churn risk", "Risk reasons", "Created"}, sheet.Contacts: {"Primary"}, sheet.Visits: {"Outcome"}}},
	} {
		f := novemberFilter
		f.Lang = c.l
		x, _, _ := b.export(b.mia, f)
		if got := x.GetSheetList(); !slices.Equal(got, c.sheets) {
			t.Fatalf("%s: sheets %q, want %q", c.l, got, c.sheets)
		}
		for i, k := range sheet.Kinds {
			want := append(sheet.TemplateHeaders(k, c.l), c.extras[k]...)
			if got := rows(t, x, c.sheets[i])[0]; !slices.Equal(got, want) {
				t.Errorf("%s %s: headers\n%q\nwant\n%q", c.l, k, got, want)
			}
		}
		fb := rows(t, x, c.sheets[4])[0]
		if fb[0] != sheet.Label(sheet.ClientID, c.l) || fb[1] != sheet.Label(sheet.ClientName, c.l) || len(fb) != 10 {
			t.Errorf("%s: feedback headers %q", c.l, fb)
		}
	}
}

func TestExportFillsTheClientRowWithContactOwnerAndChurnRisk(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := richLedger(b)
	plain := b.client(b.bob, "Plain Ltd", "normal", "potential")
	f := novemberFilter
	f.Lang = i18n.ZH
	x, sum, _ := b.export(b.mia, f)
	rs := rows(t, x, "客户")
	want := map[string][]string{
		sheet.Label(sheet.ClientID, i18n.ZH):        {strconv.FormatInt(id, 10), strconv.FormatInt(plain, 10)},
		sheet.Label(sheet.ClientName, i18n.ZH):      {"华为技术有限公司", "Plain Ltd"},
		sheet.Label(sheet.Tier, i18n.ZH):            {"战略客户", "普通客户"},
		sheet.Label(sheet.Stage, i18n.ZH):           {"活跃客户", "潜在客户"},
		sheet.Label(sheet.Size, i18n.ZH):            {"大型企业", ""},
		sheet.Label(sheet.Owner, i18n.ZH):           {"Alice", "Bob"},
		sheet.Label(sheet.ContactName, i18n.ZH):     {"张伟", ""},
		sheet.Label(sheet.ContactPosition, i18n.ZH): {"采购经理", ""},
		sheet.Label(sheet.ContactPhone, i18n.ZH):    {"13800138000", ""},
		sheet.Label(sheet.ContactEmail, i18n.ZH):    {"zw@example.com", ""},
		sheet.Label(sheet.Needs, i18n.ZH):           {"二期报价", ""},
		sheet.Label(sheet.Credit, i18n.ZH):          {"账期偏长", ""},
		"流失风险":                                      {"是", "否"},
		"风险原因":                                      {"已 61 天未联系（上限 60 天）", ""},
	}
	for h, vs := range want {
		if got := column(t, rs, h); !slices.Equal(got, vs) {
			t.Errorf("column %s = %q, want %q", h, got, vs)
		}
	}
	if sum != (Summary{Clients: 2, Contacts: 2, Deals: 2, Visits: 1, Feedback: 1}) {
		t.Errorf("summary %+v", sum)
	}
	contacts := rows(t, x, "联系人")
	if got := column(t, contacts, sheet.Label(sheet.ContactName, i18n.ZH)); !slices.Equal(got, []string{"张伟", "李四"}) {
		t.Errorf("contacts %q, want the primary first", got)
	}
	if got := column(t, contacts, "主要联系人"); !slices.Equal(got, []string{"是", "否"}) {
		t.Errorf("primary column %q", got)
	}
}

func TestExportKeepsTheVisitsAndFeedbackOfThePeriodInTheTeamsZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	richLedger(b)
	for _, c := range []struct {
		period Period
		want   string
	}{
		{novemberFilter.Period, "2026-11-01T00:10:00+08:00"},
		{Period{From: d(2026, 10, 1), To: d(2026, 10, 31)}, "2026-10-31T23:30:00+08:00"},
		{Period{From: d(2026, 10, 31), To: d(2026, 11, 1)}, "2026-10-31T23:30:00+08:00,2026-11-01T00:10:00+08:00"},
		{Period{From: d(2026, 12, 1), To: d(2026, 12, 31)}, ""},
		{Period{}, ""},
	} {
		x, _, _ := b.export(b.alice, Filter{Period: c.period, Lang: i18n.EN})
		var visits, feedback []string
		for _, n := range column(t, rows(t, x, "Visits"), sheet.Label(sheet.VisitNotes, i18n.EN)) {
			visits = append(visits, strings.TrimPrefix(n, "visit "))
		}
		for _, n := range column(t, rows(t, x, "Feedback"), "Feedback") {
			feedback = append(feedback, strings.TrimPrefix(n, "feedback "))
		}
		if got := strings.Join(visits, ","); got != c.want {
			t.Errorf("%v: visits %q, want %q", c.period, got, c.want)
		}
		if got := strings.Join(feedback, ","); got != c.want {
			t.Errorf("%v: feedback %q, want %q", c.period, got, c.want)
		}
		// Deals are the whole history whatever the period.
		if n := len(rows(t, x, "Deals")) - 1; n != 2 {
			t.Errorf("%v: %d deals, want 2", c.period, n)
		}
	}
}

func TestExportWritesDatesAsDatesAndAmountsAsNumbers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	richLedger(b)
	f := novemberFilter
	f.Lang = i18n.EN
	x, _, _ := b.export(b.mia, f)
	clients, deals, visits := rows(t, x, "Clients"), rows(t, x, "Deals"), rows(t, x, "Visits")
	for _, c := range []struct {
		sheet, cell string
		want        time.Time
	}{
		{"Clients", cellOf(t, clients, sheet.Label(sheet.LastContact, i18n.EN), 1), d(2026, 11, 21)},
		{"Clients", cellOf(t, clients, sheet.Label(sheet.NextReview, i18n.EN), 1), d(2026, 12, 15)},
		{"Clients", cellOf(t, clients, sheet.Label(sheet.ContactBirthday, i18n.EN), 1), d(1980, 5, 12)},
		{"Deals", cellOf(t, deals, sheet.Label(sheet.DealDate, i18n.EN), 1), d(2025, 3, 1)},
		{"Visits", cellOf(t, visits, sheet.Label(sheet.VisitDate, i18n.EN), 1), d(2026, 11, 1)},
	} {
		assertDate(t, x, c.sheet, c.cell, c.want)
	}
	for i, want := range []float64{1200, 88000.5} {
		cell := cellOf(t, deals, sheet.Label(sheet.DealAmount, i18n.EN), i+1)
		assertNumber(t, x, "Deals", cell, want)
	}
	assertNumber(t, x, "Clients", cellOf(t, clients, sheet.Label(sheet.ClientID, i18n.EN), 1), float64(mustInt(t, column(t, clients, sheet.Label(sheet.ClientID, i18n.EN))[0])))
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%q is not a whole number", s)
	}
	return n
}

// assertDate checks that a cell holds a date serial number with a date
// format, for the day want.
func assertDate(t *testing.T, x *excelize.File, sh, cell string, want time.Time) {
	t.Helper()
	raw, err := x.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, not a date serial number", sh, cell, raw)
	}
	got, err := excelize.ExcelDateToTime(serial, false)
	if err != nil || !got.Equal(want) {
		t.Errorf("%s!%s = %v (%q), want %v", sh, cell, got, raw, want)
	}
	style, err := x.GetCellStyle(sh, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := x.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	isDate := st.NumFmt >= 14 && st.NumFmt <= 22
	if st.CustomNumFmt != nil {
		f := strings.ToLower(*st.CustomNumFmt)
		isDate = strings.Contains(f, "yy") && strings.Contains(f, "d")
	}
	if !isDate {
		t.Errorf("%s!%s has no date format: %d %v", sh, cell, st.NumFmt, st.CustomNumFmt)
	}
}

// assertNumber checks that a cell holds a number, not text.
func assertNumber(t *testing.T, x *excelize.File, sh, cell string, want float64) {
	t.Helper()
	typ, err := x.GetCellType(sh, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula {
		t.Errorf("%s!%s is of type %v, want a number", sh, cell, typ)
	}
	raw, err := x.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := strconv.ParseFloat(raw, 64); err != nil || got != want {
		t.Errorf("%s!%s = %q, want %v", sh, cell, raw, want)
	}
}

func TestExportFreezesEachHeaderRowAndFiltersIt(t *testing.T) {
	t.Parallel()
	b := setup(t)
	richLedger(b)
	f := novemberFilter
	f.Lang = i18n.ZH
	x, _, data := b.export(b.admin, f)
	for _, sh := range x.GetSheetList() {
		p, err := x.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 {
			t.Errorf("%s: panes %+v, want the first row frozen", sh, p)
		}
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	filtered := 0
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		xml, _ := io.ReadAll(rc)
		_ = rc.Close()
		if bytes.Contains(xml, []byte("<autoFilter ")) {
			filtered++
		} else {
			t.Errorf("%s has no autoFilter", zf.Name)
		}
	}
	if filtered != 5 {
		t.Errorf("%d sheets filtered, want 5", filtered)
	}
}

func TestExportReportsProgressUpToTheTotal(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.exec(`INSERT INTO clients (team_id, owner_id, name, created_at, updated_at)
		SELECT $1, $2, 'Client ' || g, $3, $3 FROM generate_series(1, 2500) g`, b.east, b.alice.StaffID, now)
	var calls [][2]int
	sum, err := b.store.Export(t.Context(), b.mia, Filter{Lang: i18n.ZH}, io.Discard, func(done, total int) {
		calls = append(calls, [2]int{done, total})
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Clients != 2500 || len(calls) < 3 || calls[len(calls)-1] != [2]int{2500, 2500} {
		t.Errorf("summary %+v, progress %v", sum, calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] || calls[i][1] != 2500 {
			t.Errorf("progress %v goes back or changes its total", calls)
		}
	}
}
