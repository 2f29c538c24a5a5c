package sheet

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// numFmt is what a cell style's number format means for reading: a date
// (with or without a time), a time of day alone, a percentage, or a plain
// number.
type numFmt uint8

const (
	fmtNumber numFmt = iota
	fmtDate
	fmtDateTime
	fmtTime
	fmtPercent
)

// builtinFormats are Excel's built-in number formats that are not plain
// numbers (ECMA-376 18.8.30), with the Chinese locale's date formats
// (27-36, 50-58) that Excel and WPS in Chinese write.
var builtinFormats = map[int]numFmt{
	9: fmtPercent, 10: fmtPercent,
	14: fmtDate, 15: fmtDate, 16: fmtDate, 17: fmtDate, 22: fmtDateTime,
	18: fmtTime, 19: fmtTime, 20: fmtTime, 21: fmtTime, 45: fmtTime, 46: fmtTime, 47: fmtTime,
	27: fmtDate, 28: fmtDate, 29: fmtDate, 30: fmtDate, 31: fmtDate, 36: fmtDate,
	32: fmtTime, 33: fmtTime, 34: fmtTime, 35: fmtTime,
	50: fmtDate, 51: fmtDate, 52: fmtDate, 53: fmtDate, 54: fmtDate, 57: fmtDate, 58: fmtDate,
	55: fmtTime, 56: fmtTime,
}

// classify reads a custom format code: its first section, without quoted
// text, escaped characters, [colour]/[locale] tags and fill characters,
// holds y or d (a date), h/s (a time), or % (a percentage).
func classify(code string) numFmt {
	code = strings.ToLower(code)
	if sec, _, ok := strings.Cut(code, ";"); ok {
		code = sec
	}
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				break
			}
			if tag := code[i+1 : i+j]; strings.Trim(tag, "hms") == "" {
				b.WriteString(tag) // [h]:mm elapsed time
			}
			i += j
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ReplaceAll(b.String(), "general", "")
	date := strings.ContainsAny(s, "yd")
	clock := strings.ContainsAny(s, "hs")
	switch {
	case date && clock:
		return fmtDateTime
	case date:
		return fmtDate
	case clock:
		return fmtTime
	case strings.Contains(s, "%"):
		return fmtPercent
	}
	return fmtNumber
}

// readStyles reads the cell styles' number formats, by style index.
func readStyles(open opener, part string) ([]numFmt, error) {
	rc, err := open(part, maxPartXML)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	custom := map[int]string{}
	var out []numFmt
	inXfs := false
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read styles: %w", ErrNotSpreadsheet)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, _ := strconv.Atoi(attr(t, "numFmtId"))
				custom[id] = attr(t, "formatCode")
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					f, ok := builtinFormats[id]
					if code, isCustom := custom[id]; isCustom {
						f, ok = classify(code), true
					}
					if !ok {
						f = fmtNumber
					}
					out = append(out, f)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// numberText renders a stored number as a person reads it: at most 15
// significant digits (Excel's precision, so 0.1+0.2 shows as 0.3) and no
// exponent for the sizes a ledger holds.
func numberText(raw string) string {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return raw
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if math.Abs(v) >= 1e21 {
		return strconv.FormatFloat(v, 'g', 15, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// formatted returns a numeric cell's text and, for a date, its 1900-system
// serial number as Raw.
func formatted(raw string, f numFmt, date1904 bool) (text, rawOut string, isDate bool) {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw, raw, false
	}
	switch f {
	case fmtPercent:
		return numberText(strconv.FormatFloat(v*100, 'g', 15, 64)) + "%", raw, false
	case fmtTime:
		return clockText(v), raw, false
	case fmtDate, fmtDateTime:
		if date1904 {
			v += 1462
			raw = strconv.FormatFloat(v, 'f', -1, 64)
		}
		d, err := fromSerial(v)
		if err != nil {
			return numberText(raw), raw, true
		}
		if f == fmtDateTime {
			return d.Format("2006-01-02") + " " + clockText(v), raw, true
		}
		return d.Format("2006-01-02"), raw, true
	}
	return numberText(raw), raw, false
}

// clockText renders a serial's fraction as a time of day, 14:30:00.
func clockText(v float64) string {
	secs := int(math.Round((v-math.Floor(v))*86400)) % 86400
	return fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs/60%60, secs%60)
}
