package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// csvFile is a CSV file's bytes with what sniffing found out about them.
type csvFile struct {
	data  []byte            // without the BOM
	dec   encoding.Encoding // nil for UTF-8
	comma rune
	// skip is 1 when the file starts with Excel's "sep=;" line, which
	// Excel hides and so does not number.
	skip int
}

// openCSV sniffs a text file's encoding and delimiter.
func openCSV(name string, data []byte) (*Book, error) {
	f := &csvFile{}
	enc := "utf-8"
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		f.data = data[len(utf8BOM):]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		f.data, f.dec, enc = data[2:], unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		f.data, f.dec, enc = data[2:], unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	case mostlyUTF8(data):
		f.data = data
	default:
		f.data, f.dec, enc = data, simplifiedchinese.GB18030, "gb18030"
	}
	head, err := io.ReadAll(io.LimitReader(f.text(), 64<<10))
	if err != nil {
		return nil, fmt.Errorf("open csv: %w", err)
	}
	if f.dec != nil && bytes.Count(head, []byte("\uFFFD"))*200 > utf8.RuneCount(head) {
		return nil, ErrNotSpreadsheet // not text in that encoding either
	}
	if f.dec != nil && isBinary(head) {
		return nil, ErrNotSpreadsheet
	}
	f.comma, f.skip = sniffComma(head)
	if name == "" {
		name = "CSV"
	}
	return &Book{format: CSV, encoding: enc, sheets: []string{name}, csv: f}, nil
}

// mostlyUTF8 tells UTF-8 from GB18030 without a BOM: valid UTF-8 is UTF-8;
// a file with a few broken bytes among many well-formed multi-byte
// characters is UTF-8 too (the broken bytes are dropped from the cells),
// while GBK text is almost never well-formed UTF-8 at all.
func mostlyUTF8(data []byte) bool {
	if utf8.Valid(data) {
		return true
	}
	multi, bad := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			multi++
		}
		i += n
	}
	return multi > 20*bad
}

// text returns the file as a UTF-8 stream.
func (f *csvFile) text() io.Reader {
	r := io.Reader(bytes.NewReader(f.data))
	if f.dec != nil {
		r = transform.NewReader(r, f.dec.NewDecoder())
	}
	return r
}

// sniffComma picks the delimiter from the header: the one of comma, tab and
// semicolon that occurs most often outside quotes in the first record,
// comma on a tie. Excel's "sep=X" first line decides on its own.
func sniffComma(head []byte) (rune, int) {
	if line, _, _ := bytes.Cut(head, []byte("\n")); bytes.HasPrefix(line, []byte("sep=")) {
		if sep := strings.TrimRight(string(line[4:]), "\r"); utf8.RuneCountInString(sep) == 1 && validComma(rune(sep[0])) {
			return rune(sep[0]), 1
		}
	}
	count := map[byte]int{}
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		count[c]++
	}
	best := byte(',')
	for _, c := range []byte{'\t', ';'} {
		if count[c] > count[best] {
			best = c
		}
	}
	return rune(best), 0
}

func validComma(r rune) bool { return r == ',' || r == ';' || r == '\t' || r == '|' }

// rows starts reading the file from the top.
func (f *csvFile) rows() (rowSource, error) {
	br := bufio.NewReaderSize(f.text(), 64<<10)
	if f.skip == 1 {
		if _, err := br.ReadString('\n'); err != nil {
			return nil, fmt.Errorf("read csv: %w", err)
		}
	}
	r := csv.NewReader(br)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord, r.ReuseRecord = f.comma, true, -1, true
	return &csvRows{r: r}, nil
}

// csvRows reads records and numbers them as Excel shows the file: one row
// per record, blank lines (which encoding/csv skips) counted.
type csvRows struct {
	r   *csv.Reader
	num int // the last record's row number
	end int // the last record's last line in the stream
}

func (c *csvRows) next() (Row, bool, error) {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, false, nil
	}
	if err != nil {
		return Row{}, false, fmt.Errorf("read csv: %w", err)
	}
	line, _ := c.r.FieldPos(0)
	c.num += line - c.end // one for the record, the rest blank lines
	c.end = line
	n := 0
	for _, v := range rec {
		c.end += strings.Count(v, "\n")
		if v != "" {
			n++
		}
	}
	if len(rec) > MaxColumns && n > 0 {
		// Only a value that far out makes the row too wide; the empty
		// cells returned stand for it (Rows refuses the width).
		for i := len(rec) - 1; i >= MaxColumns; i-- {
			if strings.TrimSpace(rec[i]) != "" {
				return Row{Num: c.num, Cells: make([]Cell, i+1)}, true, nil
			}
		}
		rec = rec[:MaxColumns]
	}
	cells := make([]Cell, len(rec))
	for i, v := range rec {
		t := clean(v)
		cells[i] = Cell{Text: t, Raw: t}
	}
	return Row{Num: c.num, Cells: trimRow(cells)}, true, nil
}

func (c *csvRows) close() error { return nil }
