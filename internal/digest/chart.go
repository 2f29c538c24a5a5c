package digest

import (
	"errors"
	"fmt"

	"github.com/ledgerbot/ledgerbot/internal/chart"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// BarColor is the fill of every bar; tests find the bars by it.
var BarColor = chart.Palette[0]

// ErrNoBars is returned by Chart for a week without salespeople.
var ErrNoBars = errors.New("no salespeople to chart")

// Chart draws the week's visits per salesperson as a PNG: a bar per entry
// of w.Visits in that order, each named in full, with the title and the
// axis in the language of lang (a code i18n.Parse reads). A salesperson
// without visits shows as a stub and a 0. A team larger than chart.MaxRows
// shows its first MaxRows, the busiest, and says so.
func Chart(w Week, lang string) ([]byte, error) {
	if len(w.Visits) == 0 {
		return nil, ErrNoBars
	}
	png, err := chart.Render(weekChart(w, i18n.Parse(lang)))
	if err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	return png, nil
}

// weekChart is what Chart draws.
func weekChart(w Week, l i18n.Lang) chart.Chart {
	people := w.Visits
	sub := w.TeamName + " · " + weekRange(w, l)
	if len(people) > chart.MaxRows {
		sub += l.F(" · 前 %d 名（共 %d 人）", " · top %d of %d", chart.MaxRows, len(people))
		people = people[:chart.MaxRows]
	}
	c := chart.Chart{
		Title:      l.T("各销售拜访次数", "Visits per salesperson"),
		Subtitle:   sub,
		ValueLabel: l.T("拜访次数", "visits"),
		Series:     []chart.Series{{Name: l.T("拜访", "visits"), Color: BarColor}},
		Rows:       make([]chart.Row, len(people)),
	}
	for i, p := range people {
		c.Rows[i] = chart.Row{Label: displayName(p), Values: []float64{float64(p.Visits)}}
	}
	return c
}
