package report

import (
	"html"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// nameCells is how wide a name may be in a table row: four Chinese
// characters, or eight Latin letters.
const nameCells = 8

// table is a monospace table for a phone: right-aligned figures, then the
// person's name. The name comes last because phones do not draw Chinese
// characters exactly two Latin cells wide in a monospace block: a name
// first would push every figure after it out of line.
type table struct {
	title string // shown in bold above the block (HTML)
	heads []string
	rows  []tableRow
	total *tableRow // below a rule, if any
	// names is how wide a name may be, in cells (0: nameCells).
	names int
}

type tableRow struct {
	cells []string
	name  string
}

// widths is each column's width in cells.
func (t table) widths() []int {
	w := make([]int, len(t.heads))
	for i, h := range t.heads {
		w[i] = cells(h)
	}
	grow := func(r tableRow) {
		for i, c := range r.cells {
			w[i] = max(w[i], cells(c))
		}
	}
	for _, r := range t.rows {
		grow(r)
	}
	if t.total != nil {
		grow(*t.total)
	}
	return w
}

// line writes one row: the cells right-aligned in their columns, a space
// apart, then the name clipped to names cells.
func line(w []int, vals []string, name string, names int) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.Repeat(" ", w[i]-cells(v)))
		b.WriteString(v)
	}
	if name != "" {
		b.WriteByte(' ')
		b.WriteString(clip(name, names))
	}
	return b.String()
}

// blocks renders t as HTML blocks of at most limit characters each: the
// whole table when it fits, or its rows split over several blocks, each
// with the title and heads, the total under the last.
func (t table) blocks(limit int) []string {
	w := t.widths()
	names := t.names
	if names == 0 {
		names = nameCells
	}
	raw := []string{line(w, t.heads, "", names)}
	for _, r := range t.rows {
		raw = append(raw, line(w, r.cells, r.name, names))
	}
	var foot string
	if t.total != nil {
		last := line(w, t.total.cells, t.total.name, names)
		rule := 0
		for _, s := range append(raw, last) {
			rule = max(rule, cells(s))
		}
		foot = strings.Repeat("-", rule) + "\n" + html.EscapeString(last) + "\n"
	}
	head := html.EscapeString(raw[0])
	rows := raw[1:]
	for i, r := range rows {
		rows[i] = html.EscapeString(r)
	}
	open := t.title + "\n<pre>" + head + "\n"
	const closing = "</pre>"
	var out []string
	var b strings.Builder
	b.WriteString(open)
	n := utf8.RuneCountInString(open)
	pending := false
	for _, r := range rows {
		ln := utf8.RuneCountInString(r) + 1
		if pending && n+ln+utf8.RuneCountInString(foot)+len(closing) > limit {
			b.WriteString(closing)
			out = append(out, b.String())
			b.Reset()
			b.WriteString(open)
			n = utf8.RuneCountInString(open)
		}
		b.WriteString(r + "\n")
		n += ln
		pending = true
	}
	b.WriteString(foot)
	out = append(out, strings.TrimSuffix(b.String(), "\n")+closing)
	return out
}

// cells is how many monospace cells s takes: two for a wide (Chinese)
// character, one for any other.
func cells(s string) int {
	n := 0
	for _, r := range s {
		n += runeCells(r)
	}
	return n
}

func runeCells(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// clip shortens s to at most n cells, ending it with … when it was cut.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if cells(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		c := runeCells(r)
		if used+c > n-1 {
			break
		}
		b.WriteRune(r)
		used += c
	}
	return b.String() + "…"
}
