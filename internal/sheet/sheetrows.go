package sheet

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// sheetRows decodes a worksheet's <sheetData>, one <row> per next.
type sheetRows struct {
	wb     *workbook
	rc     io.ReadCloser
	d      *xml.Decoder
	merge  merger
	num    int // the last row's number
	text   strings.Builder
	cells  []Cell
	closed bool
}

func newSheetRows(wb *workbook, rc io.ReadCloser, merges []mergeRange) *sheetRows {
	return &sheetRows{wb: wb, rc: rc, d: xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10)), merge: merger{todo: merges}}
}

func (s *sheetRows) close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	return s.rc.Close()
}

func (s *sheetRows) next() (Row, bool, error) {
	for {
		tok, err := s.d.RawToken()
		if errors.Is(err, io.EOF) {
			return Row{}, false, nil
		}
		if err != nil {
			return Row{}, false, fmt.Errorf("read sheet: %w", ErrNotSpreadsheet)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				return s.row(t)
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return Row{}, false, nil
			}
		}
	}
}

// row reads one <row> up to its end tag.
func (s *sheetRows) row(start xml.StartElement) (Row, bool, error) {
	num := s.num + 1
	if r, err := strconv.Atoi(attr(start, "r")); err == nil && r > s.num {
		num = r
	}
	s.num = num
	s.cells = s.cells[:0]
	col := 0
	for {
		tok, err := s.d.RawToken()
		if err != nil {
			return Row{}, false, fmt.Errorf("read sheet row %d: %w", num, ErrNotSpreadsheet)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				continue
			}
			if c, _, ok := cellRef(attr(t, "r")); ok {
				col = c
			} else {
				col++
			}
			c, err := s.cell(t)
			if err != nil {
				return Row{}, false, err
			}
			if c.Text == "" && !c.Formula {
				continue
			}
			if col > MaxColumns {
				// A value past the limit: report the width, keep no cells.
				return Row{Num: num, Cells: make([]Cell, col)}, true, s.skipRow()
			}
			for len(s.cells) < col {
				s.cells = append(s.cells, Cell{})
			}
			s.cells[col-1] = c
		case xml.EndElement:
			if t.Name.Local == "row" {
				cells := s.merge.fill(num, s.cells)
				return Row{Num: num, Cells: trimRow(append([]Cell(nil), cells...))}, true, nil
			}
		}
	}
}

// skipRow reads past the current row's end tag.
func (s *sheetRows) skipRow() error {
	for {
		tok, err := s.d.RawToken()
		if err != nil {
			return fmt.Errorf("read sheet: %w", ErrNotSpreadsheet)
		}
		if e, ok := tok.(xml.EndElement); ok && e.Name.Local == "row" {
			return nil
		}
	}
}

// cell reads one <c> up to its end tag: its value (<v>, or an inline
// string's <is><t>), whether it has a formula (<f>), and what its type and
// style make of the value.
func (s *sheetRows) cell(start xml.StartElement) (Cell, error) {
	typ, style := attr(start, "t"), -1
	if v := attr(start, "s"); v != "" {
		style, _ = strconv.Atoi(v)
	}
	var formula, inV, inT, inPh bool
	s.text.Reset()
	for {
		tok, err := s.d.RawToken()
		if err != nil {
			return Cell{}, fmt.Errorf("read sheet cell: %w", ErrNotSpreadsheet)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "f":
				formula = true
			case "v":
				inV = true
			case "t":
				inT = true
			case "rPh":
				inPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				return s.value(typ, style, s.text.String(), formula), nil
			case "v":
				inV = false
			case "t":
				inT = false
			case "rPh":
				inPh = false
			}
		case xml.CharData:
			if (inV || inT && !inPh) && s.text.Len() < 4*maxCellRunes {
				s.text.Write(t)
			}
		}
	}
}

// value turns a cell's stored value into a Cell.
func (s *sheetRows) value(typ string, style int, v string, formula bool) Cell {
	c := Cell{Formula: formula}
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return c
		}
		c.Text = clean(s.wb.strings.get(i))
		c.Raw = c.Text
	case "str", "inlineStr", "e":
		c.Text = clean(v)
		c.Raw = c.Text
	case "b":
		c.Raw, c.Text = v, "FALSE"
		if v == "1" || v == "true" {
			c.Text = "TRUE"
		}
	case "d": // an ISO 8601 date, rare (Excel writes serials)
		c.Raw, c.Text = v, clean(v)
		if t, err := time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(v, "Z")); err == nil {
			c.Raw, c.Date = strconv.FormatFloat(toSerial(t), 'f', -1, 64), true
			c.Text = t.Format("2006-01-02")
		} else if t, err := time.Parse("2006-01-02", v); err == nil {
			c.Raw, c.Date, c.Text = strconv.FormatFloat(toSerial(t), 'f', -1, 64), true, t.Format("2006-01-02")
		}
	default:
		v = strings.TrimSpace(v)
		if v == "" {
			return c
		}
		f := fmtNumber
		if style >= 0 && style < len(s.wb.styles) {
			f = s.wb.styles[style]
		}
		c.Text, c.Raw, c.Date = formatted(v, f, s.wb.date1904)
	}
	return c
}
