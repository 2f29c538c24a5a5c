package sheet

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// rowSource is a format's raw reader of one sheet: every row it meets,
// blank ones included, with trailing empty cells trimmed.
type rowSource interface {
	next() (Row, bool, error)
	close() error
}

// Rows streams the rows of one sheet, from its header down. Memory does
// not grow with the sheet: one row is held at a time.
type Rows struct {
	src  rowSource
	from int // the header's row number: rows above it are skipped
	n    int // rows yielded
	row  Row
	err  error
	done bool
}

// Next advances to the next non-blank row; it returns false at the end of
// the sheet or on an error (see Err). A sheet longer than MaxRows data rows
// stops with ErrTooManyRows, a row wider than MaxColumns with
// ErrTooManyColumns.
func (r *Rows) Next() bool {
	if r.done {
		return false
	}
	for {
		row, ok, err := r.src.next()
		switch {
		case err != nil:
			return r.stop(err)
		case !ok:
			return r.stop(nil)
		case len(row.Cells) > MaxColumns:
			return r.stop(ErrTooManyColumns)
		case row.Num < r.from || row.Blank():
			continue
		}
		if r.n++; r.n > MaxRows+1 { // the header and MaxRows rows of data
			return r.stop(ErrTooManyRows)
		}
		r.row = row
		return true
	}
}

func (r *Rows) stop(err error) bool {
	r.done, r.err, r.row = true, err, Row{}
	return false
}

// Row returns the current row. Its cells are the caller's to keep.
func (r *Rows) Row() Row { return r.row }

// Err returns the error that stopped Next, if any.
func (r *Rows) Err() error { return r.err }

// Close releases the reader; Next returns false after it.
func (r *Rows) Close() error {
	r.done = true
	return r.src.close()
}

// clean makes a cell's text safe to store and compare: invalid UTF-8, NUL
// and the other control characters but tab and newline removed, a stray
// BOM, zero-width spaces and U+FFFD (what a decoder left of bad bytes)
// dropped, white space (the ideographic space
// too) trimmed at both ends.
func clean(s string) string {
	if isPlain(s) {
		return strings.TrimSpace(s)
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r == '\r':
			return -1
		case r < 0x20 || r == 0x7F || r == 0xFEFF || r == 0x200B || r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
	return strings.TrimFunc(s, unicode.IsSpace)
}

// isPlain is clean's fast path: printable ASCII with at most spaces around.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == 0x7F {
			return false
		}
	}
	return true
}

// trimRow drops the trailing empty cells.
func trimRow(cells []Cell) []Cell {
	n := len(cells)
	for n > 0 && cells[n-1].Text == "" {
		n--
	}
	return cells[:n]
}
