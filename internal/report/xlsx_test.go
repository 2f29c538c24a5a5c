package report

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// workbook is a report's XLSX opened again with excelize.
type workbook struct {
	t *testing.T
	f *excelize.File
}

func openXLSX(t *testing.T, r Report, l i18n.Lang) workbook {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return workbook{t, f}
}

// cell finds the cell of the column headed header in row (1 is the header).
func (w workbook) cell(sheet, header string, row int) string {
	w.t.Helper()
	heads, err := w.f.GetRows(sheet)
	if err != nil || len(heads) == 0 {
		w.t.Fatalf("sheet %s: %v", sheet, err)
	}
	i := slices.Index(heads[0], header)
	if i < 0 {
		w.t.Fatalf("sheet %s has no column %q: %q", sheet, header, heads[0])
	}
	name, _ := excelize.CoordinatesToCellName(i+1, row)
	return name
}

// raw is the stored value of a cell; shown what Excel shows.
func (w workbook) raw(sheet, header string, row int) string {
	w.t.Helper()
	v, err := w.f.GetCellValue(sheet, w.cell(sheet, header, row), excelize.Options{RawCellValue: true})
	if err != nil {
		w.t.Fatal(err)
	}
	return v
}

func (w workbook) shown(sheet, header string, row int) string {
	w.t.Helper()
	v, err := w.f.GetCellValue(sheet, w.cell(sheet, header, row))
	if err != nil {
		w.t.Fatal(err)
	}
	return v
}

// number checks that a cell holds a number (not text) equal to want.
func (w workbook) number(sheet, header string, row int, want float64) {
	w.t.Helper()
	ref := w.cell(sheet, header, row)
	typ, err := w.f.GetCellType(sheet, ref)
	if err != nil {
		w.t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		w.t.Errorf("%s!%s (%s) has type %v, want a number", sheet, ref, header, typ)
	}
	raw := w.raw(sheet, header, row)
	got, err := strconv.ParseFloat(raw, 64)
	if err != nil || !same(got, want) {
		w.t.Errorf("%s!%s (%s) = %q, want %v", sheet, ref, header, raw, want)
	}
}

// format is a cell's number format code.
func (w workbook) format(sheet, header string, row int) string {
	w.t.Helper()
	id, err := w.f.GetCellStyle(sheet, w.cell(sheet, header, row))
	if err != nil {
		w.t.Fatal(err)
	}
	s, err := w.f.GetStyle(id)
	if err != nil || s == nil {
		w.t.Fatalf("style %d: %v", id, err)
	}
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	return "builtin " + strconv.Itoa(s.NumFmt)
}

func TestTheWorkbookReadsBackWithNumbersPercentagesAndDates(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	w := openXLSX(t, g.build(t, g.teamA, may2026), i18n.ZH)

	want := []string{"个人考核", "团队汇总", "拜访类型", "上期个人考核", "口径说明"}
	if got := w.f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	for _, s := range want {
		panes, err := w.f.GetPanes(s)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v (%v), want the header frozen", s, panes, err)
		}
	}
	var filters []string
	for _, n := range w.f.GetDefinedName() {
		if n.Name == "_xlnm._FilterDatabase" {
			filters = append(filters, strings.Split(n.RefersTo, "!")[0])
		}
	}
	if len(filters) != len(want) {
		t.Errorf("filters on %q, want one per sheet", filters)
	}

	// Per salesperson: 张伟, 李娜, 王经理 in rows 2 to 4.
	p := "个人考核"
	if w.raw(p, "姓名", 2) != "张伟" || w.raw(p, "团队", 2) != "华东销售部" || w.raw(p, "角色", 2) != "销售" || w.raw(p, "角色", 4) != "经理" {
		t.Errorf("row 2: %s %s %s; row 4 role %s", w.raw(p, "姓名", 2), w.raw(p, "团队", 2), w.raw(p, "角色", 2), w.raw(p, "角色", 4))
	}
	w.number(p, "拜访次数", 2, 4)
	w.number(p, "名下客户", 2, 3)
	w.number(p, "客户覆盖率", 2, 0.6667)
	w.number(p, "跟进及时率", 2, 0.4)
	w.number(p, "处理时长中位数（小时）", 2, 24)
	w.number(p, "平均满意度", 2, 4.5)
	w.number(p, "成交金额（元）", 2, 13500.5)
	w.number(p, "回款金额（元）", 2, 6000)
	w.number(p, "流失率", 3, 0.5)
	if f := w.format(p, "客户覆盖率", 2); f != "0.0%" {
		t.Errorf("coverage format %q, want 0.0%%", f)
	}
	if v := w.shown(p, "客户覆盖率", 2); v != "66.7%" {
		t.Errorf("coverage shows %q, want 66.7%%", v)
	}
	if v := w.shown(p, "成交金额（元）", 2); v != "13,500.50" {
		t.Errorf("deal amount shows %q", v)
	}
	if v := w.raw(p, "跟进及时率", 3); v != "" {
		t.Errorf("李娜's on-time rate = %q, want an empty cell (nothing was due)", v)
	}

	// Team totals: this period, previous, change.
	s := "团队汇总"
	if w.raw(s, "期间", 2) != "本期" || w.raw(s, "期间", 3) != "上期" || w.raw(s, "期间", 4) != "变化" {
		t.Errorf("periods %q %q %q", w.raw(s, "期间", 2), w.raw(s, "期间", 3), w.raw(s, "期间", 4))
	}
	if v := w.shown(s, "开始日期", 2); v != "2026-05-01" {
		t.Errorf("from shows %q", v)
	}
	if v := w.shown(s, "结束日期", 3); v != "2026-04-30" {
		t.Errorf("previous to shows %q", v)
	}
	w.number(s, "开始日期", 2, 46143) // 2026-05-01 as an Excel serial: a real date
	w.number(s, "拜访次数", 2, 7)
	w.number(s, "拜访次数", 3, 2)
	w.number(s, "拜访次数", 4, 5)
	w.number(s, "上门拜访", 2, 3)
	w.number(s, "客户覆盖率", 4, 0.5) // 75% against 25%: 50 points
	w.number(s, "处理时长中位数（小时）", 2, 15)
	w.number(s, "成交金额（元）", 4, 17500.5)
	if f := w.format(s, "客户覆盖率", 4); f != "0.0%" {
		t.Errorf("change of coverage format %q", f)
	}

	// Visits by kind.
	k := "拜访类型"
	for _, c := range []struct {
		head string
		want float64
	}{{"上门拜访", 1}, {"电话", 1}, {"视频", 1}, {"其他", 1}, {"拜访次数", 4}, {"上门占比", 0.25}} {
		w.number(k, c.head, 2, c.want)
	}

	// The previous period per salesperson, and the definitions.
	w.number("上期个人考核", "拜访次数", 2, 2)
	w.number("上期个人考核", "成交金额（元）", 2, 3000)
	rows, _ := w.f.GetRows("口径说明")
	if len(rows) != len(definitions)+1 || rows[4][0] != "客户覆盖率" || !strings.Contains(rows[4][1], "÷") {
		t.Errorf("definitions: %d rows, row 5 %q", len(rows), rows[4])
	}
}

func TestTheWorkbookInEnglishForEveryTeam(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	r := g.build(t, 0, may2026)
	w := openXLSX(t, r, i18n.EN)
	if got := w.f.GetSheetList(); got[0] != "By salesperson" || got[1] != "Team totals" {
		t.Fatalf("sheets = %q", got)
	}
	s := "Team totals"
	// Team A's three rows, team B's three, then all teams'.
	if w.raw(s, "Team", 5) != "华南销售部" || w.raw(s, "Team", 8) != "All teams" || w.raw(s, "Period", 8) != "This period" {
		t.Errorf("rows: %q %q %q", w.raw(s, "Team", 5), w.raw(s, "Team", 8), w.raw(s, "Period", 8))
	}
	w.number(s, "Visits", 8, 8)
	w.number(s, "Deal amount (CNY)", 8, 25500.5)
	w.number("By salesperson", "Visits", 5, 1) // 孙南, team B
	if n := FileName(r, i18n.EN); n != "sales-review_all-teams_2026-05-01_2026-05-31.xlsx" {
		t.Errorf("file name %q", n)
	}
	if n := FileName(g.build(t, g.teamA, may2026), i18n.ZH); n != "销售考核_华东销售部_2026-05-01_2026-05-31.xlsx" {
		t.Errorf("file name %q", n)
	}
}
