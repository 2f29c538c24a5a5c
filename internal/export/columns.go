package export

import (
	"fmt"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// cell is how one column of a sheet of rows R is written: its type, its
// width and its value in a row.
type cell[R any] struct {
	typ   sheet.ColType
	width float64
	value func(*R) any
}

// extra is a column the import template does not have, after the
// template's.
type extra[R any] struct {
	header i18n.Text
	cell[R]
}

// layout is a sheet's columns in order.
type layout[R any] struct {
	cols  []sheet.Col
	cells []cell[R]
}

// templateLayout lays out a sheet of kind k: the template's columns, with
// its headers in l, each written by cells[field], then the extras. Every
// template field must have its cell, so that the export's headers are the
// template's and a re-import maps every column.
func templateLayout[R any](k sheet.Kind, l i18n.Lang, cells map[sheet.Field]cell[R], extras []extra[R]) (layout[R], error) {
	headers, fields := sheet.TemplateHeaders(k, l), sheet.Fields(k)
	if len(headers) != len(fields) {
		return layout[R]{}, fmt.Errorf("template of %s: %d headers for %d fields", k, len(headers), len(fields))
	}
	var lo layout[R]
	for i, f := range fields {
		c, ok := cells[f]
		if !ok {
			return layout[R]{}, fmt.Errorf("template of %s: no cell for %s", k, f)
		}
		lo.add(headers[i], c)
	}
	for _, x := range extras {
		lo.add(x.header.In(l), x.cell)
	}
	return lo, nil
}

func (lo *layout[R]) add(header string, c cell[R]) {
	lo.cols = append(lo.cols, sheet.Col{Header: header, Type: c.typ, Width: c.width})
	lo.cells = append(lo.cells, c)
}

// values appends r's values, in column order, to buf[:0].
func (lo *layout[R]) values(buf []any, r *R) []any {
	buf = buf[:0]
	for _, c := range lo.cells {
		buf = append(buf, c.value(r))
	}
	return buf
}

// text is a text cell of width w.
func text[R any](w float64, v func(*R) string) cell[R] {
	return cell[R]{typ: sheet.Text, width: w, value: func(r *R) any { return v(r) }}
}

// date is a date cell of a day (00:00 UTC, as package dates carries
// days); nil is an empty cell.
func date[R any](v func(*R) *time.Time) cell[R] {
	return cell[R]{typ: sheet.Date, width: 12, value: func(r *R) any {
		if d := v(r); d != nil {
			return *d
		}
		return nil
	}}
}
