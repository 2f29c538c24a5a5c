package sheet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf16"
)

// headerScan is how many non-blank rows Open looks at to find a sheet's
// header: title rows above it (a merged "2024年客户台账" line) are skipped.
const headerScan = 10

// Book is an opened spreadsheet file. It holds the file's bytes and reads
// them again for every Rows, so a sheet is never held in memory.
type Book struct {
	format   Format
	encoding string
	sheets   []string
	// header is the row number of each sheet's header row, by name.
	header map[string]int
	csv    *csvFile
	xlsx   *workbook
}

// Open sniffs the content and opens the file: a zip is XLSX; an OLE2
// compound file is an .xls (ErrXLS) or a password-protected XLSX
// (ErrEncrypted); text is CSV, in UTF-8 with or without BOM, UTF-16 with a
// BOM or GB18030 (of which GBK is a subset), with a comma, semicolon or tab
// between fields. The name only names the CSV's one sheet.
//
// Open also checks each sheet's start: sheets with no header and data row
// are left out of Sheets, and when none is left the error tells why
// (ErrEmpty, ErrNoHeader, ErrTooManyColumns).
func Open(name string, data []byte) (*Book, error) {
	if len(data) > MaxFileSize {
		return nil, ErrTooLarge
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0 {
		return nil, ErrEmpty
	}
	var b *Book
	var err error
	switch {
	case bytes.HasPrefix(data, oleMagic):
		return nil, oleError(data)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		b, err = openXLSX(data)
	case isBinary(data):
		return nil, ErrNotSpreadsheet
	default:
		b, err = openCSV(strings.TrimSuffix(path.Base(strings.ReplaceAll(name, "\\", "/")), path.Ext(name)), data)
	}
	if err != nil {
		return nil, err
	}
	if err := b.findHeaders(); err != nil {
		_ = b.Close()
		return nil, err
	}
	return b, nil
}

// Format returns the format the file was read as.
func (b *Book) Format() Format { return b.format }

// Encoding returns the text encoding of a CSV file: "utf-8", "utf-16le",
// "utf-16be" or "gb18030"; "" for XLSX.
func (b *Book) Encoding() string { return b.encoding }

// Sheets returns the names of the sheets that hold a header and data: for
// XLSX the visible worksheets in order, for CSV one, the file name without
// its extension.
func (b *Book) Sheets() []string { return append([]string(nil), b.sheets...) }

// Rows opens a streaming reader over a sheet. The first row it yields is
// the header (title rows above it are skipped); blank rows are skipped and
// every Row keeps the number Excel shows.
func (b *Book) Rows(sheet string) (*Rows, error) {
	header, ok := b.header[sheet]
	if !ok {
		return nil, fmt.Errorf("open sheet %q: no such sheet", sheet)
	}
	src, err := b.source(sheet)
	if err != nil {
		return nil, err
	}
	return &Rows{src: src, from: header}, nil
}

// Close releases the book. A Book holds no files or goroutines, so it only
// drops its references; Close exists so callers need not know that.
func (b *Book) Close() error {
	b.csv, b.xlsx = nil, nil
	return nil
}

// source opens the raw row source of a sheet.
func (b *Book) source(sheet string) (rowSource, error) {
	switch {
	case b.csv != nil:
		return b.csv.rows()
	case b.xlsx != nil:
		return b.xlsx.rows(sheet)
	}
	return nil, fmt.Errorf("open sheet %q: book is closed", sheet)
}

// findHeaders looks at the start of every sheet for its header row and
// keeps the sheets that have one followed by data.
func (b *Book) findHeaders() error {
	b.header = map[string]int{}
	var kept []string
	var why error
	for _, s := range b.sheets {
		num, err := b.findHeader(s)
		switch {
		case err == nil:
			b.header[s] = num
			kept = append(kept, s)
		case isUserError(err):
			if why == nil || errors.Is(why, ErrEmpty) {
				why = err
			}
		default:
			return err
		}
	}
	b.sheets = kept
	if len(kept) == 0 {
		if why == nil {
			why = ErrEmpty
		}
		return why
	}
	return nil
}

// findHeader returns the number of a sheet's header row: the first
// non-blank row, or the first with two or more cells when the rows above
// hold one cell each (a title). The header must hold a text cell and be
// followed by a non-blank row.
func (b *Book) findHeader(sheet string) (int, error) {
	src, err := b.source(sheet)
	if err != nil {
		return 0, err
	}
	defer func() { _ = src.close() }()
	var rows []Row
	for len(rows) < headerScan {
		r, ok, err := src.next()
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		if len(r.Cells) > MaxColumns {
			return 0, ErrTooManyColumns
		}
		if !r.Blank() {
			rows = append(rows, r)
		}
	}
	h := 0
	for h < len(rows)-1 && filled(rows[h]) == 1 && filled(rows[h+1]) > 1 {
		h++
	}
	switch {
	case len(rows) == 0:
		return 0, ErrEmpty
	case !isHeader(rows[h]):
		return 0, ErrNoHeader
	case h == len(rows)-1:
		return 0, ErrEmpty // a header without data
	}
	return rows[h].Num, nil
}

// filled counts a row's non-empty cells.
func filled(r Row) int {
	n := 0
	for _, c := range r.Cells {
		if c.Text != "" {
			n++
		}
	}
	return n
}

// isHeader reports whether a row can be a header: some cell holds words,
// not a number, an amount or a date.
func isHeader(r Row) bool {
	for _, c := range r.Cells {
		if c.Text == "" || c.Date {
			continue
		}
		if _, err := ParseAmount(c.Text); err == nil {
			continue
		}
		if _, err := ParseDate(c); err == nil {
			continue
		}
		return true
	}
	return false
}

func isUserError(err error) bool {
	return errors.Is(err, ErrEmpty) || errors.Is(err, ErrNoHeader) || errors.Is(err, ErrTooManyColumns)
}

var (
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// oleError tells an OLE2 file apart by the names of its streams, which the
// directory stores in UTF-16: an encrypted XLSX has EncryptionInfo, an .xls
// a Workbook (or Book) stream, WPS's .et the same.
func oleError(data []byte) error {
	switch {
	case bytes.Contains(data, utf16LE("EncryptionInfo")):
		return ErrEncrypted
	case bytes.Contains(data, utf16LE("Workbook")), bytes.Contains(data, utf16LE("Book")):
		return ErrXLS
	}
	return ErrNotSpreadsheet
}

func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// binaryMagic are the starts of files people send by mistake: PDF, images,
// archives other than zip, executables.
var binaryMagic = [][]byte{
	[]byte("%PDF-"), []byte("\x89PNG"), []byte("\xFF\xD8\xFF"), []byte("GIF87a"), []byte("GIF89a"),
	[]byte("Rar!\x1A"), []byte("7z\xBC\xAF"), []byte("\x1F\x8B"), []byte("\x7FELF"),
	[]byte("II*\x00"), []byte("MM\x00*"), []byte("{\\rtf"),
}

// isBinary reports a file that is no text: a known magic number, or a
// sample with control characters a text file does not have.
func isBinary(data []byte) bool {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return false // UTF-16 text, with its zero bytes
	}
	sample := data[:min(len(data), 64<<10)]
	ctl := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
			ctl++
		}
	}
	return ctl*100 > len(sample) // more than 1%
}
