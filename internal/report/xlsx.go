package report

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// The workbook's sheets.
var (
	peopleSheet     = i18n.Text{ZH: "个人考核", EN: "By salesperson"}
	totalsSheet     = i18n.Text{ZH: "团队汇总", EN: "Team totals"}
	kindsSheet      = i18n.Text{ZH: "拜访类型", EN: "Visits by kind"}
	prevPeopleSheet = i18n.Text{ZH: "上期个人考核", EN: "By salesperson, previous"}
	defsSheet       = i18n.Text{ZH: "口径说明", EN: "Definitions"}
)

// The leading columns.
var (
	teamCol   = i18n.Text{ZH: "团队", EN: "Team"}
	nameCol   = i18n.Text{ZH: "姓名", EN: "Name"}
	roleCol   = i18n.Text{ZH: "角色", EN: "Role"}
	periodCol = i18n.Text{ZH: "期间", EN: "Period"}
	fromCol   = i18n.Text{ZH: "开始日期", EN: "From"}
	toCol     = i18n.Text{ZH: "结束日期", EN: "To"}
)

// book writes the workbook's sheets.
type book struct {
	w    *sheet.Writer
	l    i18n.Lang
	name string // the current sheet
}

// start begins a sheet: the leading columns, then one per measure.
func (b *book) start(name i18n.Text, lead []sheet.Col, ms []measure) error {
	cols := append([]sheet.Col(nil), lead...)
	for _, m := range ms {
		c := sheet.Col{Header: m.name.In(b.l), Type: sheet.Number, Width: 12}
		switch m.unit {
		case count:
			c.Type = sheet.Int
		case share:
			c.Type = sheet.Percent
		case money:
			c.Width = 16
		}
		cols = append(cols, c)
	}
	b.name = name.In(b.l)
	if err := b.w.Sheet(b.name, cols); err != nil {
		return fmt.Errorf("sheet %s: %w", b.name, err)
	}
	return nil
}

// row writes lead's values, then the measures' values from get (nil for a
// figure without a value).
func (b *book) row(lead []any, ms []measure, get func(measure) (float64, bool)) error {
	vals := append([]any(nil), lead...)
	for _, m := range ms {
		v, ok := get(m)
		if !ok {
			vals = append(vals, nil)
			continue
		}
		switch m.unit {
		case count:
			vals = append(vals, int64(math.Round(v)))
		case money:
			vals = append(vals, math.Round(v*100)/100)
		case share:
			vals = append(vals, math.Round(v*1e4)/1e4)
		default:
			vals = append(vals, math.Round(v*100)/100)
		}
	}
	if err := b.w.Row(vals...); err != nil {
		return fmt.Errorf("sheet %s: %w", b.name, err)
	}
	return nil
}

// WriteXLSX writes r to out as an XLSX workbook in lang, a sheet per view:
// the KPIs per salesperson, the team totals with the previous period and
// the change, visits by kind per salesperson, the KPIs per salesperson for
// the previous period, and what each figure means. Counts are whole
// numbers, amounts numbers, rates numbers shown as percentages, the
// period's days dates; each sheet has a frozen header and a filter.
func WriteXLSX(out io.Writer, r Report, lang i18n.Lang) error {
	b := &book{w: sheet.NewWriter(), l: lang}
	l := lang
	lead := []sheet.Col{{Header: teamCol.In(l)}, {Header: nameCol.In(l), Width: 14}, {Header: roleCol.In(l), Width: 8}}
	people := func(name i18n.Text, prev bool) error {
		if err := b.start(name, lead, kpis); err != nil {
			return err
		}
		for _, t := range r.Teams {
			for _, p := range t.People {
				f := p.Cur
				if prev {
					f = p.Prev
				}
				if err := b.row([]any{t.Name, displayName(p), l.Label(i18n.Role, string(p.Role))}, kpis, figure(f)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := people(peopleSheet, false); err != nil {
		return err
	}
	if err := writeTotals(b, r); err != nil {
		return err
	}
	if err := writeKinds(b, r); err != nil {
		return err
	}
	if err := people(prevPeopleSheet, true); err != nil {
		return err
	}
	if err := writeDefinitions(b); err != nil {
		return err
	}
	if _, err := b.w.WriteTo(out); err != nil {
		return fmt.Errorf("report workbook: %w", err)
	}
	return nil
}

// figure reads measures from f.
func figure(f Figures) func(measure) (float64, bool) {
	return func(m measure) (float64, bool) { return m.value(f) }
}

// kindMeasures are the visits of each kind, in the menus' order.
func kindMeasures() []measure {
	out := make([]measure, len(visit.Kinds))
	for i, k := range visit.Kinds {
		out[i] = kindMeasure(k)
	}
	return out
}

// writeTotals writes each team's totals for the period, the previous
// period and the change, then every team's when the report has several.
func writeTotals(b *book, r Report) error {
	l := b.l
	ms := append(kindMeasures(), kpis...)
	lead := []sheet.Col{{Header: teamCol.In(l)}, {Header: periodCol.In(l), Width: 8},
		{Header: fromCol.In(l), Type: sheet.Date}, {Header: toCol.In(l), Type: sheet.Date}}
	if err := b.start(totalsSheet, lead, ms); err != nil {
		return err
	}
	write := func(name string, cur, prev Figures) error {
		rows := []struct {
			label    string
			from, to any
			get      func(measure) (float64, bool)
		}{
			{l.T("本期", "This period"), r.Period.From, r.Period.To, figure(cur)},
			{l.T("上期", "Previous"), r.Previous.From, r.Previous.To, figure(prev)},
			{l.T("变化", "Change"), nil, nil, func(m measure) (float64, bool) { return m.change(cur, prev) }},
		}
		for _, x := range rows {
			if err := b.row([]any{name, x.label, x.from, x.to}, ms, x.get); err != nil {
				return err
			}
		}
		return nil
	}
	for _, t := range r.Teams {
		if err := write(t.Name, t.Cur, t.Prev); err != nil {
			return err
		}
	}
	if r.TeamID == 0 {
		return write(l.T("全部团队", "All teams"), r.Cur, r.Prev)
	}
	return nil
}

// writeKinds writes each person's visits by kind, with the total and the
// share made on site.
func writeKinds(b *book, r Report) error {
	l := b.l
	onsiteShare := measure{i18n.Text{ZH: "上门占比", EN: "On-site share"}, share,
		func(f Figures) (float64, bool) { return ratio(f.Visits.OnSite, f.Visits.Total()) }}
	ms := append(kindMeasures(), mVisits, onsiteShare)
	if err := b.start(kindsSheet, []sheet.Col{{Header: teamCol.In(l)}, {Header: nameCol.In(l), Width: 14}}, ms); err != nil {
		return err
	}
	for _, t := range r.Teams {
		for _, p := range t.People {
			if err := b.row([]any{t.Name, displayName(p)}, ms, figure(p.Cur)); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeDefinitions writes what each figure means, from the package's rules.
func writeDefinitions(b *book) error {
	l := b.l
	if err := b.w.Sheet(defsSheet.In(l), []sheet.Col{{Header: l.T("指标", "Figure"), Width: 24},
		{Header: l.T("口径", "Definition"), Width: 100}}); err != nil {
		return fmt.Errorf("sheet %s: %w", defsSheet.In(l), err)
	}
	for _, d := range definitions {
		if err := b.w.Row(d.m.name.In(l), strings.TrimSpace(d.def.In(l))); err != nil {
			return fmt.Errorf("sheet %s: %w", defsSheet.In(l), err)
		}
	}
	return nil
}

// FileName is the workbook's file name for r: 销售考核_华东销售部_2026-05-01_2026-05-31.xlsx.
func FileName(r Report, lang i18n.Lang) string {
	name := lang.T("全部团队", "all-teams")
	if r.TeamID != 0 && len(r.Teams) > 0 {
		name = r.Teams[0].Name
	}
	name = strings.Map(func(c rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, c) || c < 0x20 {
			return '_'
		}
		return c
	}, name)
	return fmt.Sprintf("%s_%s_%s_%s.xlsx", lang.T("销售考核", "sales-review"), name,
		r.Period.From.Format("2006-01-02"), r.Period.To.Format("2006-01-02"))
}
