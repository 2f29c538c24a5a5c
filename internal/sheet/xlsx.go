package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Size limits on the parts of an XLSX, against zip bombs: a sheet of
// MaxRows × MaxColumns cells is far below them.
const (
	maxSheetXML   = 2 << 30   // one worksheet, uncompressed
	maxPartXML    = 64 << 20  // workbook, relationships, styles
	maxSharedText = 128 << 20 // the shared strings' text
	maxCellRunes  = 32767     // Excel's own limit on a cell
)

// workbook is an XLSX package read without excelize's File: excelize's
// streaming Rows returns strings only, losing what a cell's style says (a
// date) and whether it holds a formula, and its per-cell getters load the
// whole worksheet. So the worksheet XML is decoded here, straight from the
// zip, one row at a time; the small parts (workbook, styles, shared
// strings) are read once at Open.
type workbook struct {
	files    map[string]*zip.File // by lower-case name
	sheets   map[string]string    // sheet name → worksheet part
	date1904 bool
	styles   []numFmt // by cell style index (cellXfs)
	strings  *sharedStrings
}

// Relationship types, matched by suffix: transitional and strict OOXML use
// different prefixes.
const (
	relOfficeDoc = "/officeDocument"
	relWorksheet = "/worksheet"
	relStrings   = "/sharedStrings"
	relStyles    = "/styles"
)

// openXLSX reads the package's structure. A zip that is no workbook (a
// .docx, an archive of photos) is ErrNotSpreadsheet; an .xlsb or .ods is
// ErrXLS, as the user fixes both the same way: save as .xlsx.
func openXLSX(data []byte) (*Book, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrNotSpreadsheet
	}
	wb := &workbook{files: make(map[string]*zip.File, len(zr.File)), sheets: map[string]string{}}
	for _, f := range zr.File {
		wb.files[strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))] = f
	}
	root := wb.target("", relOfficeDoc)
	if root == "" {
		root = "xl/workbook.xml"
	}
	if wb.files[strings.ToLower(root)] == nil {
		if wb.files["xl/workbook.bin"] != nil || wb.files["content.xml"] != nil {
			return nil, ErrXLS
		}
		return nil, ErrNotSpreadsheet
	}
	names, err := wb.readWorkbook(root)
	if err != nil {
		return nil, err
	}
	if p := wb.target(root, relStyles); p != "" {
		if wb.styles, err = readStyles(wb.open, p); err != nil {
			return nil, err
		}
	}
	if p := wb.target(root, relStrings); p != "" {
		if wb.strings, err = readSharedStrings(wb.open, p); err != nil {
			return nil, err
		}
	}
	return &Book{format: XLSX, sheets: names, xlsx: wb}, nil
}

// open opens a part of the package, limited to max bytes of XML.
func (wb *workbook) open(name string, max int64) (io.ReadCloser, error) {
	f := wb.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if f == nil {
		return nil, fmt.Errorf("open %s: %w", name, ErrNotSpreadsheet)
	}
	if max < 0 || f.UncompressedSize64 > uint64(max) {
		return nil, ErrTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, ErrNotSpreadsheet)
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, max), rc}, nil
}

// relationships reads the relationships of a part: Id → {Type, Target},
// targets resolved against the part's folder.
func (wb *workbook) relationships(part string) map[string][2]string {
	dir, file := path.Split(part)
	rc, err := wb.open(dir+"_rels/"+file+".rels", maxPartXML)
	if err != nil {
		return nil
	}
	defer func() { _ = rc.Close() }()
	rels := map[string][2]string{}
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err != nil {
			return rels
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" || attr(se, "TargetMode") == "External" {
			continue
		}
		t := attr(se, "Target")
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = path.Join(dir, t)
		}
		rels[attr(se, "Id")] = [2]string{attr(se, "Type"), t}
	}
}

// target returns the first relationship of part with a type ending in typ.
func (wb *workbook) target(part, typ string) string {
	for _, r := range wb.relationships(part) {
		if strings.HasSuffix(r[0], typ) {
			return r[1]
		}
	}
	return ""
}

// readWorkbook lists the visible worksheets in order (chart sheets and
// hidden sheets left out) and reads the date system.
func (wb *workbook) readWorkbook(part string) ([]string, error) {
	rels := wb.relationships(part)
	rc, err := wb.open(part, maxPartXML)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	var names []string
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return names, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read workbook: %w", ErrNotSpreadsheet)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case "sheet":
			rel, ok := rels[attr(se, "id")]
			name := attr(se, "name")
			if !ok || !strings.HasSuffix(rel[0], relWorksheet) || attr(se, "state") != "" && attr(se, "state") != "visible" {
				continue
			}
			if _, dup := wb.sheets[name]; dup || name == "" {
				continue
			}
			wb.sheets[name] = rel[1]
			names = append(names, name)
		}
	}
}

// rows opens a worksheet's row source.
func (wb *workbook) rows(sheet string) (rowSource, error) {
	part, ok := wb.sheets[sheet]
	if !ok {
		return nil, fmt.Errorf("open sheet %q: no such sheet", sheet)
	}
	merges, err := readMerges(wb.open, part)
	if err != nil {
		return nil, err
	}
	rc, err := wb.open(part, maxSheetXML)
	if err != nil {
		return nil, err
	}
	return newSheetRows(wb, rc, merges), nil
}

// attr returns an attribute's value by local name ("r:id" is "id").
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
