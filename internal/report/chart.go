package report

import (
	"errors"
	"fmt"
	"html"

	"github.com/ledgerbot/ledgerbot/internal/chart"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// ErrNothingToChart is returned by Chart for a report without a row to
// draw: a team with nobody to review.
var ErrNothingToChart = errors.New("report has nobody to chart")

// Chart draws the period's visits by kind, stacked, one bar per salesperson
// of a team's report in its order, or one per team (its totals) of a report
// on every team, for a reader of lang. It is the monthly job's ChartFunc
// and the /report screen's picture. Beyond chart.MaxRows the rest are left
// out and the subtitle says so.
func Chart(r Report, lang i18n.Lang) ([]byte, error) {
	var rows []chart.Row
	add := func(name string, f Figures) {
		rows = append(rows, chart.Row{Label: name, Values: []float64{
			float64(f.Visits.OnSite), float64(f.Visits.Phone), float64(f.Visits.Video), float64(f.Visits.Other)}})
	}
	whom := lang.T("各销售", "per salesperson")
	if r.TeamID == 0 {
		whom = lang.T("各团队", "per team")
		for _, t := range r.Teams {
			add(t.Name, t.Cur)
		}
	} else if len(r.Teams) > 0 {
		for _, p := range r.Teams[0].People {
			add(displayName(p), p.Cur)
		}
	}
	if len(rows) == 0 {
		return nil, ErrNothingToChart
	}
	subtitle := html.UnescapeString(periodText(r.Period, lang))
	if r.TeamID != 0 {
		subtitle = r.Teams[0].Name + " · " + subtitle
	}
	if n := len(rows); n > chart.MaxRows {
		rows = rows[:chart.MaxRows]
		subtitle += lang.F(" · 前 %d 项（共 %d）", " · first %d of %d", chart.MaxRows, n)
	}
	series := make([]chart.Series, len(visit.Kinds))
	for i, k := range visit.Kinds {
		series[i] = chart.Series{Name: lang.Label(i18n.VisitKind, string(k))}
	}
	png, err := chart.Render(chart.Chart{
		Title:      lang.T("拜访次数（按方式）", "Visits by kind") + " · " + whom,
		Subtitle:   subtitle,
		ValueLabel: lang.T("拜访次数", "visits"),
		Series:     series,
		Rows:       rows,
		Layout:     chart.Stacked,
	})
	if err != nil {
		return nil, fmt.Errorf("report chart: %w", err)
	}
	return png, nil
}
