package sheet

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"sort"
	"strings"
)

// maxMerges bounds the merged ranges remembered for a sheet; a sheet with
// more (a form, not a ledger) has the rest left unfilled.
const maxMerges = 100_000

// mergeRange is a merged range, 1-based and inclusive.
type mergeRange struct{ r1, c1, r2, c2 int }

// readMerges reads a worksheet's merged ranges. They are written after the
// rows (<mergeCells> follows <sheetData>), so a streaming reader needs them
// first: this pass scans the part's bytes for the element without parsing
// the rows, then decodes only it. Sorted by first row.
func readMerges(open opener, part string) ([]mergeRange, error) {
	rc, err := open(part, maxSheetXML)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	br := bufio.NewReaderSize(rc, 256<<10)
	var tail []byte
	buf := make([]byte, 256<<10)
	for {
		n, err := io.ReadFull(br, buf)
		chunk := append(tail, buf[:n]...)
		if i := mergeStart(chunk); i >= 0 {
			return decodeMerges(io.MultiReader(bytes.NewReader(chunk[i:]), br)), nil
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, nil
		}
		if err != nil {
			return nil, ErrNotSpreadsheet
		}
		tail = append([]byte(nil), chunk[max(0, len(chunk)-64):]...)
	}
}

// mergeStart finds the <mergeCells> start tag (with any namespace prefix).
// A '<' cannot occur in text unescaped, so "<" + name is a tag.
func mergeStart(b []byte) int {
	off := 0
	for {
		i := bytes.Index(b[off:], []byte("mergeCells"))
		if i < 0 {
			return -1
		}
		i += off
		j := i - 1
		if j >= 0 && b[j] == ':' {
			for j--; j >= 0 && isNameByte(b[j]); j-- {
			}
		}
		if j >= 0 && b[j] == '<' {
			return j
		}
		off = i + 1
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// decodeMerges reads <mergeCell ref="A1:B3"/> elements up to </mergeCells>;
// a malformed one is skipped.
func decodeMerges(r io.Reader) []mergeRange {
	d := xml.NewDecoder(r)
	var out []mergeRange
	for len(out) < maxMerges {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if e, ok := tok.(xml.EndElement); ok && e.Name.Local == "mergeCells" {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "mergeCell" {
			continue
		}
		a, b, _ := strings.Cut(attr(se, "ref"), ":")
		c1, r1, ok1 := cellRef(a)
		c2, r2, ok2 := cellRef(b)
		if ok1 && ok2 && r1 <= r2 && c1 <= c2 {
			out = append(out, mergeRange{r1, c1, r2, c2})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].r1 < out[j].r1 })
	return out
}

// cellRef parses "AB12" into column 28 and row 12.
func cellRef(s string) (col, row int, ok bool) {
	i := 0
	for ; i < len(s) && i < 3; i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	s = strings.TrimPrefix(s[i:], "$")
	if col == 0 && i > 0 || s == "" || len(s) > 7 {
		return 0, 0, false
	}
	for j := 0; j < len(s); j++ {
		if s[j] < '0' || s[j] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(s[j]-'0')
	}
	return col, row, row > 0
}

// merger repeats each merged range's value down its first column while the
// rows stream past. The other columns of a range stay empty: in a ledger a
// range spans rows of one client (its name merged over its contacts' rows),
// while a range across columns is a title or a decoration whose value
// belongs to its first column alone.
type merger struct {
	todo   []mergeRange // sorted by r1, not yet reached
	active []activeMerge
}

type activeMerge struct {
	mergeRange
	val Cell
}

// fill applies the ranges to row num's cells (indexed by column-1) and
// returns them, extended if a range's column lies past their end.
func (m *merger) fill(num int, cells []Cell) []Cell {
	for len(m.todo) > 0 && m.todo[0].r1 <= num {
		if r := m.todo[0]; r.r2 >= num && r.r2 > r.r1 && r.c1 <= MaxColumns {
			m.active = append(m.active, activeMerge{mergeRange: r})
		}
		m.todo = m.todo[1:]
	}
	kept := m.active[:0]
	for _, a := range m.active {
		if a.r2 < num {
			continue
		}
		i := a.c1 - 1
		switch {
		case num == a.r1:
			if i < len(cells) {
				a.val = cells[i]
			}
		case a.val.Text != "":
			for len(cells) <= i {
				cells = append(cells, Cell{})
			}
			if cells[i].Text == "" {
				cells[i] = a.val
			}
		}
		kept = append(kept, a)
	}
	m.active = kept
	return cells
}
