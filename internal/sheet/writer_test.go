package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/xuri/excelize/v2"
)

var exportCols = []Col{
	{Header: "客户编号", Type: Int}, {Header: "客户名称"}, {Header: "电话"},
	{Header: "成交日期", Type: Date}, {Header: "金额", Type: Number},
}

func writeBook(t testing.TB, rows int) []byte {
	t.Helper()
	w := NewWriter()
	if err := w.Sheet(SheetName(Deals, i18n.ZH), exportCols); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= rows; i++ {
		var amount any = fmt.Sprintf("%d.50", i)
		if i%2 == 0 {
			amount = float64(i)
		}
		if err := w.Row(int64(i), fmt.Sprintf("客户%d有限公司", i), "0138001380"+strconv.Itoa(i%10), day.AddDate(0, 0, i%400), amount); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriterRoundTripsValuesDatesAndNumbers(t *testing.T) {
	t.Parallel()
	w := NewWriter()
	if err := w.Sheet("客户", []Col{{Header: "客户名称"}, {Header: "电话"}, {Header: "最近联系", Type: Date}}); err != nil {
		t.Fatal(err)
	}
	last := time.Date(2024, 3, 5, 15, 0, 0, 0, time.FixedZone("CST", 8*3600))
	if err := w.Row("华为\x01技术", "00861380013800", last); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("腾讯", nil, (*time.Time)(nil)); err != nil {
		t.Fatal(err)
	}
	if err := w.Sheet("客户", exportCols); err != nil { // a repeated name is made unique
		t.Fatal(err)
	}
	if err := w.Row(int64(7), "=cmd|' /C calc'!A0", "13800138000", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), "1234.5"); err != nil {
		t.Fatal(err)
	}
	if err := w.Row(int64(1), "x", "y", "not a date"); err == nil {
		t.Error("a string in a date column was accepted")
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("late"); !errors.Is(err, ErrWriterDone) {
		t.Errorf("Row after WriteTo = %v", err)
	}
	b, rows := readAll(t, "out.xlsx", buf.Bytes())
	if got := strings.Join(b.Sheets(), ","); got != "客户,客户 (2)" {
		t.Fatalf("sheets = %s", got)
	}
	c := rows["客户"]
	wantRow(t, c[0], 1, "客户名称", "电话", "最近联系")
	wantRow(t, c[1], 2, "华为技术", "00861380013800", "2024-03-05")
	wantRow(t, c[2], 3, "腾讯")
	if d := c[1].Cells[2]; !d.Date || d.Raw != "45356" {
		t.Errorf("date cell = %+v, want a real date", d)
	}
	if p := c[1].Cells[1]; p.Date || p.Raw != "00861380013800" {
		t.Errorf("phone cell = %+v, want text", p)
	}
	d := rows["客户 (2)"]
	wantRow(t, d[1], 2, "7", "=cmd|' /C calc'!A0", "13800138000", "1900-01-01", "1234.5")
	if d[1].Cells[1].Formula {
		t.Error("text starting with = became a formula")
	}

	// What Excel shows: styles, frozen header, filter.
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if v, _ := f.GetCellValue("客户 (2)", "E2"); v != "1,234.50" {
		t.Errorf("amount shows %q, want 1,234.50", v)
	}
	if v, _ := f.GetCellValue("客户 (2)", "D2"); v != "1900-01-01" {
		t.Errorf("date shows %q", v)
	}
	if typ, _ := f.GetCellType("客户 (2)", "C2"); typ != excelize.CellTypeInlineString {
		t.Errorf("phone cell type = %v, want a string", typ)
	}
	panes, _ := f.GetPanes("客户")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, want the header frozen", panes)
	}
	style, _ := f.GetCellStyle("客户", "A1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style = %+v, want bold", s)
	}
	names := f.GetDefinedName()
	var filters []string
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" {
			filters = append(filters, n.RefersTo)
		}
	}
	if strings.Join(filters, " ") != "'客户'!$A$1:$C$3 '客户 (2)'!$A$1:$E$2" {
		t.Errorf("filters = %q", filters)
	}
}

func TestWriterStreamsAHundredThousandRowsThroughOpen(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 rows")
	}
	t.Parallel()
	data := writeBook(t, 100_000)
	b, err := Open("big.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := b.Rows(b.Sheets()[0])
	n := 0
	var last Row
	for rs.Next() {
		n++
		last = rs.Row()
	}
	if rs.Err() != nil || n != 100_001 {
		t.Fatalf("read %d rows, err %v", n, rs.Err())
	}
	wantRow(t, last, 100_001, "100000", "客户100000有限公司", "01380013800", "2024-03-05", "100000")
}

// BenchmarkReadXLSX reads a 100,000-row workbook written by Writer; its
// allocations per read show that memory follows the row, not the sheet.
func BenchmarkReadXLSX(b *testing.B) {
	data := writeBook(b, 100_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		book, err := Open("big.xlsx", data)
		if err != nil {
			b.Fatal(err)
		}
		rs, _ := book.Rows(book.Sheets()[0])
		n := 0
		for rs.Next() {
			n += len(rs.Row().Cells)
		}
		if rs.Err() != nil || n != 500_005 {
			b.Fatalf("cells %d, err %v", n, rs.Err())
		}
	}
}
