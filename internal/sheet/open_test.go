package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// readAll opens data and returns every row of every sheet, as texts.
func readAll(t *testing.T, name string, data []byte) (*Book, map[string][]Row) {
	t.Helper()
	b, err := Open(name, data)
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { _ = b.Close() })
	out := map[string][]Row{}
	for _, s := range b.Sheets() {
		rs, err := b.Rows(s)
		if err != nil {
			t.Fatalf("Rows(%s): %v", s, err)
		}
		for rs.Next() {
			out[s] = append(out[s], rs.Row())
		}
		if err := rs.Err(); err != nil {
			t.Fatalf("rows of %s: %v", s, err)
		}
		if err := rs.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b, out
}

func texts(r Row) []string {
	out := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Text
	}
	return out
}

func wantRow(t *testing.T, r Row, num int, want ...string) {
	t.Helper()
	if r.Num != num || strings.Join(texts(r), "|") != strings.Join(want, "|") {
		t.Errorf("row = %d %q, want %d %q", r.Num, texts(r), num, want)
	}
}

func TestOpenReadsAnXLSXWithDatesFormulasMergesAndSheets(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "客户"))
	must(f.SetCellValue("客户", "A1", "2024年客户台账")) // a title above the header
	must(f.MergeCell("客户", "A1", "E1"))
	must(f.SetSheetRow("客户", "A2", &[]any{"客户名称", "联系人", "签约日期", "金额", "电话"}))
	must(f.SetSheetRow("客户", "A3", &[]any{"华为技术有限公司", "张三", 45356, 1234.5, "13800138000"}))
	must(f.SetSheetRow("客户", "A4", &[]any{nil, "李四", nil, nil, 13900139000}))
	must(f.MergeCell("客户", "A3", "A4"))    // one client over two contacts' rows
	must(f.SetCellValue("客户", "D4", 2469)) // the cached result
	must(f.SetCellFormula("客户", "D4", "D3*2"))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellStyle("客户", "C3", "C3", dateStyle))
	zhDate := `yyyy"年"m"月"d"日"`
	zhStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &zhDate})
	must(err)
	must(f.SetCellValue("客户", "C5", 45357))
	must(f.SetCellStyle("客户", "C5", "C5", zhStyle))
	must(f.SetCellValue("客户", "A5", "腾讯\x00科技"))
	_, err = f.NewSheet("拜访记录")
	must(err)
	must(f.SetSheetRow("拜访记录", "A1", &[]any{"客户名称", "日期"}))
	must(f.SetSheetRow("拜访记录", "A3", &[]any{"华为", "2024/3/5"})) // row 2 left blank
	_, err = f.NewSheet("隐藏")
	must(err)
	must(f.SetSheetRow("隐藏", "A1", &[]any{"客户名称"}))
	must(f.SetSheetRow("隐藏", "A2", &[]any{"x"}))
	must(f.SetSheetVisible("隐藏", false))
	_, err = f.NewSheet("Sheet3") // empty, as Excel leaves it
	must(err)
	buf, err := f.WriteToBuffer()
	must(err)

	b, rows := readAll(t, "台账.xlsx", buf.Bytes())
	if b.Format() != XLSX || b.Encoding() != "" {
		t.Errorf("format %q encoding %q", b.Format(), b.Encoding())
	}
	if got := strings.Join(b.Sheets(), ","); got != "客户,拜访记录" {
		t.Errorf("Sheets() = %s, want the visible sheets with data", got)
	}
	c := rows["客户"]
	if len(c) != 4 {
		t.Fatalf("客户 rows = %d, want header and 3 rows: %+v", len(c), c)
	}
	wantRow(t, c[0], 2, "客户名称", "联系人", "签约日期", "金额", "电话")
	wantRow(t, c[1], 3, "华为技术有限公司", "张三", "2024-03-05", "1234.5", "13800138000")
	wantRow(t, c[2], 4, "华为技术有限公司", "李四", "", "2469", "13900139000")
	wantRow(t, c[3], 5, "腾讯科技", "", "2024-03-06")
	if d := c[1].Cells[2]; !d.Date || d.Raw != "45356" {
		t.Errorf("date cell = %+v, want Date with serial 45356", d)
	}
	if d := c[3].Cells[2]; !d.Date || d.Raw != "45357" {
		t.Errorf("custom Chinese date cell = %+v", d)
	}
	if got, err := ParseDate(c[1].Cells[2]); err != nil || got.Format("2006-01-02") != "2024-03-05" {
		t.Errorf("ParseDate(date cell) = %v, %v", got, err)
	}
	if fc := c[2].Cells[3]; !fc.Formula || fc.Text != "2469" {
		t.Errorf("formula cell = %+v, want Formula with cached 2469", fc)
	}
	if c[1].Cells[3].Formula {
		t.Error("a plain cell is reported as a formula")
	}
	v := rows["拜访记录"]
	if len(v) != 2 {
		t.Fatalf("拜访记录 rows = %+v", v)
	}
	wantRow(t, v[1], 3, "华为", "2024/3/5")
}

func TestOpenReadsA1904WorkbooksDatesAsThe1900System(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"拜访日期"})
	_ = f.SetCellValue("Sheet1", "A2", 45356-1462)
	_ = f.SetCellStyle("Sheet1", "A2", "A2", style)
	buf, _ := f.WriteToBuffer()
	_, rows := readAll(t, "x.xlsx", buf.Bytes())
	if c := rows["Sheet1"][1].Cells[0]; c.Raw != "45356" || c.Text != "2024-03-05" || !c.Date {
		t.Errorf("1904 date cell = %+v, want serial 45356 of the 1900 system", c)
	}
}

func ptr[T any](v T) *T { return &v }

func TestOpenReadsCSVInEveryEncodingAndDelimiter(t *testing.T) {
	t.Parallel()
	const text = "客户名称,联系人,电话\r\n华为技术有限公司,张三,138 0013 8000\r\n腾讯,李四,\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, data, enc string
	}{
		{"utf8", text, "utf-8"},
		{"bom", "\uFEFF" + text, "utf-8"},
		{"gbk", gbk, "gb18030"},
		{"semicolon", strings.ReplaceAll(text, ",", ";"), "utf-8"},
		{"tab", strings.ReplaceAll(text, ",", "\t"), "utf-8"},
		{"sep line", "sep=;\r\n" + strings.ReplaceAll(text, ",", ";"), "utf-8"},
		{"utf16", string(utf16LEBOM(strings.ReplaceAll(text, ",", "\t"))), "utf-16le"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, rows := readAll(t, "客户.csv", []byte(tc.data))
			if b.Format() != CSV || b.Encoding() != tc.enc || strings.Join(b.Sheets(), ",") != "客户" {
				t.Errorf("format %q encoding %q sheets %q", b.Format(), b.Encoding(), b.Sheets())
			}
			r := rows["客户"]
			if len(r) != 3 {
				t.Fatalf("rows = %+v", r)
			}
			wantRow(t, r[0], 1, "客户名称", "联系人", "电话")
			wantRow(t, r[1], 2, "华为技术有限公司", "张三", "138 0013 8000")
			wantRow(t, r[2], 3, "腾讯", "李四")
		})
	}
}

func utf16LEBOM(s string) []byte {
	return append([]byte{0xFF, 0xFE}, utf16LE(s)...)
}

func TestOpenReadsQuotedCSVFieldsAndNumbersRowsAsExcelDoes(t *testing.T) {
	t.Parallel()
	data := "客户名称,备注,电话\n" +
		"\"华为, 深圳\",\"第一行\n第二行\",\"138\"\"0013\"\n" +
		"\n" + // a blank line: Excel shows it as row 3
		"腾\x00讯,\xff坏字节,\n" +
		"引号\"未闭合,x,y\n"
	_, rows := readAll(t, "a.csv", []byte(data))
	r := rows["a"]
	if len(r) != 4 {
		t.Fatalf("rows = %+v", r)
	}
	wantRow(t, r[1], 2, "华为, 深圳", "第一行\n第二行", "138\"0013")
	wantRow(t, r[2], 4, "腾讯", "坏字节") // a record is a row, whatever its lines; the blank line is row 3
	wantRow(t, r[3], 5, "引号\"未闭合", "x", "y")
}

func TestOpenRefusesWhatIsNoUsableSpreadsheet(t *testing.T) {
	t.Parallel()
	random := make([]byte, 4096)
	_, _ = rand.NewChaCha8([32]byte{1, 2}).Read(random)
	var zipBuf bytes.Buffer
	zw := zip.NewWriter(&zipBuf)
	w, _ := zw.Create("photo.txt")
	_, _ = w.Write([]byte("hello"))
	_ = zw.Close()
	enc := excelize.NewFile()
	_ = enc.SetCellValue("Sheet1", "A1", "客户名称")
	_ = enc.SetCellValue("Sheet1", "A2", "x")
	var encBuf bytes.Buffer
	if _, err := enc.WriteTo(&encBuf, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	xls := append(append([]byte{}, oleMagic...), make([]byte, 600)...)
	xls = append(xls, utf16LE("Workbook")...)
	wide := strings.Repeat("列,", 299) + "列\n" + strings.Repeat("x,", 299) + "x\n"
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"blank", []byte("\uFEFF \r\n\r\n"), ErrEmpty},
		{"header only", []byte("客户名称,电话\n"), ErrEmpty},
		{"numbers only", []byte("1,2\n3,4\n"), ErrNoHeader},
		{"xls", xls, ErrXLS},
		{"encrypted xlsx", encBuf.Bytes(), ErrEncrypted},
		{"random bytes", random, ErrNotSpreadsheet},
		{"pdf", []byte("%PDF-1.7\n客户名称\n"), ErrNotSpreadsheet},
		{"png", []byte("\x89PNG\r\n\x1a\nxxxx"), ErrNotSpreadsheet},
		{"zip that is no workbook", zipBuf.Bytes(), ErrNotSpreadsheet},
		{"300 columns", []byte(wide), ErrTooManyColumns},
		{"25 MB", bytes.Repeat([]byte("a,b\n"), 25<<20/4), ErrTooLarge},
	} {
		if b, err := Open(tc.name+".csv", tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: Open = %v, %v; want %v", tc.name, b, err, tc.want)
		}
	}
}

func TestRowsStopsPastMaxRows(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("客户名称\n")
	for i := 0; i < MaxRows+1; i++ {
		b.WriteString("c\n")
	}
	book, err := Open("big.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := book.Rows("big")
	n := 0
	for rs.Next() {
		n++
	}
	if !errors.Is(rs.Err(), ErrTooManyRows) || n != MaxRows+1 {
		t.Errorf("after %d rows Err = %v, want ErrTooManyRows after the header and %d rows", n, rs.Err(), MaxRows)
	}
}

func TestRowsStopsAtAWideRowBelowTheHeader(t *testing.T) {
	t.Parallel()
	data := "客户名称,电话\n" + strings.Repeat("华为,1\n", headerScan) + strings.Repeat(",", 150) + "far\n"
	book, err := Open("w.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := book.Rows("w")
	for rs.Next() {
	}
	if !errors.Is(rs.Err(), ErrTooManyColumns) {
		t.Errorf("Err = %v, want ErrTooManyColumns", rs.Err())
	}
}

func FuzzOpenCSV(f *testing.F) {
	f.Add([]byte("客户名称,电话\n华为,138\n"))
	f.Add([]byte("a;b\n\"x;y\";\"z\n\"\n"))
	f.Add([]byte("sep=\t\na\tb\n1\t2\n"))
	f.Add([]byte("\xff\xfea\x00,\x00b\x00\n\x00"))
	f.Add([]byte("\"unterminated\n,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Open("f.csv", data)
		if err != nil {
			return
		}
		for _, s := range b.Sheets() {
			rs, err := b.Rows(s)
			if err != nil {
				t.Fatal(err)
			}
			last := 0
			for rs.Next() {
				r := rs.Row()
				if r.Num <= last || len(r.Cells) > MaxColumns || r.Blank() {
					t.Fatalf("row %+v after row %d", r, last)
				}
				last = r.Num
				for _, c := range r.Cells {
					if strings.ContainsRune(c.Text, 0) || !utf8Valid(c.Text) || c.Text != strings.TrimSpace(c.Text) {
						t.Fatalf("cell %q is not clean", c.Text)
					}
				}
			}
			_ = rs.Close()
		}
	})
}
