package sheet

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// sharedStrings is the workbook's string table, packed into one buffer: a
// Go string per entry would cost an allocation each, and a ledger has an
// entry for nearly every name, address and note.
type sharedStrings struct {
	buf  []byte
	ends []int
}

// get returns entry i, "" outside the table.
func (s *sharedStrings) get(i int) string {
	if s == nil || i < 0 || i >= len(s.ends) {
		return ""
	}
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return string(s.buf[start:s.ends[i]])
}

type opener func(name string, max int64) (io.ReadCloser, error)

// readSharedStrings reads the table: each <si> is its <t>, or its rich-text
// runs' <t>s joined; phonetic guides (<rPh>, the furigana of Japanese
// files) are not part of the text.
func readSharedStrings(open opener, part string) (*sharedStrings, error) {
	rc, err := open(part, 1<<40)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	s := &sharedStrings{}
	d := xml.NewDecoder(rc)
	var inT, inPh bool
	var cur strings.Builder
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return s, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read shared strings: %w", ErrNotSpreadsheet)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				inPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(s.buf)+cur.Len() > maxSharedText {
					return nil, ErrTooLarge
				}
				s.buf = append(s.buf, cur.String()...)
				s.ends = append(s.ends, len(s.buf))
			case "t":
				inT = false
			case "rPh":
				inPh = false
			}
		case xml.CharData:
			if inT && !inPh && cur.Len() < 4*maxCellRunes {
				cur.Write(t)
			}
		}
	}
}
