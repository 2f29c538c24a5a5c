package sheet

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// ColType is how a Writer column stores its values.
type ColType int

// The column types.
const (
	// Text stores every value as a string, even one that looks like a
	// number: a phone or an ID keeps its leading zero and all its digits.
	Text ColType = iota
	// Date stores a time.Time as a real Excel date, shown yyyy-mm-dd.
	Date
	// Number stores an amount as a number shown #,##0.00: float64, the
	// integers, or decimal text such as "12500.50".
	Number
	// Int stores a whole number shown without separators (an ID, a count).
	Int
	// Percent stores a fraction (0.875) as a number shown as a percentage
	// (87.5%): a rate stays a number a manager can sort and sum.
	Percent
)

// maxSheetRows is Excel's limit on a sheet's rows.
const maxSheetRows = 1_048_576

// Col describes one column of a sheet being written; Width is in Excel's
// character units, 0 for a default that suits the type.
type Col struct {
	Header string
	Type   ColType
	Width  float64
}

// ErrWriterDone is returned by a Writer used after WriteTo.
var ErrWriterDone = errors.New("sheet: writer already written")

// Writer writes an XLSX workbook sheet by sheet, row by row, through
// excelize's StreamWriter, which keeps up to 16 MB of a sheet in memory
// and the rest in a temporary file: a 100,000-row export does not grow the
// heap. Each sheet gets a bold header row frozen at the top, a filter over
// its columns, real dates and numbers.
type Writer struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	cols   []Col
	name   string
	row    int
	sheets int
	names  map[string]bool
	styles struct{ header, date, number, integer, percent int }
	err    error
	done   bool
}

// NewWriter returns a Writer with no sheet yet.
func NewWriter() *Writer {
	return &Writer{f: excelize.NewFile(), names: map[string]bool{}}
}

// Sheet starts a sheet named name (made valid for Excel: at most 31
// characters, none of []:*?/\, unique) with a header row of cols; it ends
// the previous sheet.
func (w *Writer) Sheet(name string, cols []Col) error {
	if err := w.usable(); err != nil {
		return err
	}
	if len(cols) == 0 || len(cols) > 16384 {
		return fmt.Errorf("start sheet %q: %d columns", name, len(cols))
	}
	if err := w.endSheet(); err != nil {
		return w.fail(err)
	}
	if w.sheets == 0 {
		if err := w.initStyles(); err != nil {
			return w.fail(err)
		}
	}
	name = w.sheetName(name)
	if w.sheets == 0 {
		if err := w.f.SetSheetName("Sheet1", name); err != nil {
			return w.fail(fmt.Errorf("name sheet %q: %w", name, err))
		}
	} else if _, err := w.f.NewSheet(name); err != nil {
		return w.fail(fmt.Errorf("add sheet %q: %w", name, err))
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return w.fail(fmt.Errorf("stream sheet %q: %w", name, err))
	}
	w.sw, w.cols, w.name, w.row = sw, cols, name, 1
	w.sheets++
	for i, c := range cols {
		width := c.Width
		if width <= 0 {
			width = map[ColType]float64{Text: 18, Date: 12, Number: 14, Int: 10, Percent: 10}[c.Type]
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return w.fail(fmt.Errorf("set column width: %w", err))
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return w.fail(fmt.Errorf("freeze header: %w", err))
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: w.styles.header, Value: xmlText(c.Header)}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return w.fail(fmt.Errorf("write header: %w", err))
	}
	return nil
}

// Row writes the next row of the current sheet, one value per column (fewer
// leave the rest empty). nil is an empty cell; a Date column takes
// time.Time (its calendar date), a Number column float64, the integers or
// decimal text, an Int column the integers; a Text column writes any value
// as text.
func (w *Writer) Row(values ...any) error {
	if err := w.usable(); err != nil {
		return err
	}
	if w.sw == nil {
		return errors.New("write row: no sheet started")
	}
	if len(values) > len(w.cols) {
		return fmt.Errorf("write row: %d values for %d columns", len(values), len(w.cols))
	}
	if w.row >= maxSheetRows {
		return fmt.Errorf("write row: sheet %q is full (%d rows)", w.name, maxSheetRows)
	}
	cells := make([]any, len(values))
	for i, v := range values {
		c, err := w.cell(w.cols[i].Type, v)
		if err != nil {
			return fmt.Errorf("write row %d column %q: %w", w.row+1, w.cols[i].Header, err)
		}
		cells[i] = c
	}
	w.row++
	if err := w.sw.SetRow("A"+strconv.Itoa(w.row), cells); err != nil {
		return w.fail(fmt.Errorf("write row %d: %w", w.row, err))
	}
	return nil
}

// cell converts one value for a column of type t; nil stays nil (no cell).
func (w *Writer) cell(t ColType, v any) (any, error) {
	v = deref(v)
	if v == nil {
		return nil, nil
	}
	switch t {
	case Date:
		d, ok := v.(time.Time)
		if !ok {
			return nil, fmt.Errorf("a date column takes time.Time, not %T", v)
		}
		if d.IsZero() {
			return nil, nil
		}
		return excelize.Cell{StyleID: w.styles.date, Value: toSerial(d)}, nil
	case Number, Int, Percent:
		n, err := number(v)
		if err != nil {
			return nil, err
		}
		if t == Percent {
			return excelize.Cell{StyleID: w.styles.percent, Value: n}, nil
		}
		if t == Int {
			if n != math.Trunc(n) {
				return nil, fmt.Errorf("%v is not a whole number", v)
			}
			return excelize.Cell{StyleID: w.styles.integer, Value: n}, nil
		}
		return excelize.Cell{StyleID: w.styles.number, Value: n}, nil
	}
	switch s := v.(type) {
	case string:
		return xmlText(s), nil
	case time.Time:
		return s.Format("2006-01-02"), nil
	}
	return xmlText(fmt.Sprint(v)), nil
}

// deref turns the pointers a scanned row holds (*time.Time, *string ...)
// into their values, nil for a nil pointer.
func deref(v any) any {
	switch p := v.(type) {
	case *time.Time:
		if p == nil {
			return nil
		}
		return *p
	case *string:
		if p == nil {
			return nil
		}
		return *p
	case *int64:
		if p == nil {
			return nil
		}
		return *p
	case *float64:
		if p == nil {
			return nil
		}
		return *p
	}
	return v
}

// number reads a Number or Int column's value; "" is refused like any
// other non-number (pass nil for an empty cell).
func number(v any) (float64, error) {
	switch n := v.(type) {
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return 0, fmt.Errorf("%v is not a number", n)
		}
		return n, nil
	case float32:
		return float64(n), nil
	case int:
		return float64(n), nil
	case int32:
		return float64(n), nil
	case int64:
		return float64(n), nil
	case uint32:
		return float64(n), nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("%q is not a number", n)
		}
		return f, nil
	}
	return 0, fmt.Errorf("a number column takes numbers or decimal text, not %T", v)
}

// WriteTo ends the last sheet and writes the workbook to out. The Writer
// cannot be used afterwards; its temporary files are removed.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	if err := w.usable(); err != nil {
		return 0, err
	}
	w.done = true
	defer func() { _ = w.f.Close() }()
	if w.sheets == 0 {
		return 0, errors.New("write workbook: no sheet")
	}
	if err := w.endSheet(); err != nil {
		return 0, err
	}
	// The first sheet is already the active one. SetActiveSheet would make
	// excelize parse every streamed sheet back into memory (hundreds of MB
	// for a 100,000-row export) only to set a flag it already has.
	n, err := w.f.WriteTo(out)
	if err != nil {
		return n, fmt.Errorf("write workbook: %w", err)
	}
	return n, nil
}

// endSheet finishes the current sheet: the filter over the header and all
// the rows written, then the stream's end. The filter is set on the
// worksheet the stream writer holds before Flush writes it out.
func (w *Writer) endSheet() error {
	if w.sw == nil {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(len(w.cols), w.row)
	if err != nil {
		return fmt.Errorf("end sheet %q: %w", w.name, err)
	}
	if err := w.f.AutoFilter(w.name, "A1:"+last, nil); err != nil {
		return fmt.Errorf("filter sheet %q: %w", w.name, err)
	}
	if err := w.sw.Flush(); err != nil {
		return fmt.Errorf("end sheet %q: %w", w.name, err)
	}
	w.sw = nil
	return nil
}

func (w *Writer) initStyles() error {
	var err error
	dateFmt, numFmt := "yyyy-mm-dd", "#,##0.00"
	if w.styles.header, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return fmt.Errorf("header style: %w", err)
	}
	if w.styles.date, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return fmt.Errorf("date style: %w", err)
	}
	if w.styles.number, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt}); err != nil {
		return fmt.Errorf("number style: %w", err)
	}
	if w.styles.integer, err = w.f.NewStyle(&excelize.Style{NumFmt: 1}); err != nil {
		return fmt.Errorf("integer style: %w", err)
	}
	pctFmt := "0.0%"
	if w.styles.percent, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt}); err != nil {
		return fmt.Errorf("percent style: %w", err)
	}
	return nil
}

// sheetName makes name a valid, unused Excel sheet name.
func (w *Writer) sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(strings.TrimSpace(name), ""))
	name = strings.Trim(name, "'")
	if name == "" {
		name = "Sheet"
	}
	base := truncateRunes(name, 31)
	name = base
	for i := 2; w.names[strings.ToLower(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = truncateRunes(base, 31-len(suffix)) + suffix
	}
	w.names[strings.ToLower(name)] = true
	return name
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// xmlText drops what XML 1.0 cannot hold (invalid UTF-8, control
// characters but tab and newline), so no value breaks the file.
func xmlText(s string) string {
	if isPlain(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

func (w *Writer) usable() error {
	if w.done {
		return ErrWriterDone
	}
	return w.err
}

// fail remembers an error that leaves the workbook unusable.
func (w *Writer) fail(err error) error {
	w.err = err
	return err
}
