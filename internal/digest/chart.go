package digest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"github.com/wcharczuk/go-chart/v2/roboto"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Chart geometry: bars get wider charts up to a width Telegram still shows
// well; the height is fixed.
const (
	chartHeight   = 480
	minChartWidth = 640
	maxChartWidth = 2400
	widthPerBar   = 110
	chartMargin   = 100 // the side paddings and the y axis's labels
)

// BarColor is the fill of every bar; tests find the bars by it.
var BarColor = drawing.Color{R: 0x3b, G: 0x7d, B: 0xd8, A: 0xff}

// defaultFont is go-chart's built-in Roboto, parsed once. go-chart's own
// GetDefaultFont caches it without synchronisation (a data race when two
// charts are drawn at once), so Chart passes this one in explicitly.
var defaultFont = sync.OnceValues(func() (*truetype.Font, error) {
	return truetype.Parse(roboto.Roboto)
})

// ErrNoBars is returned by Chart for a week without salespeople.
var ErrNoBars = errors.New("no salespeople to chart")

// Chart draws the week's visits per salesperson as a PNG bar chart, one bar
// per entry of w.Visits in that order. The built-in font has no Chinese
// glyphs, so bars are labelled in pinyin and the title is Latin text; lang
// (a code i18n.Parse reads) only picks the title's wording.
func Chart(w Week, lang string) ([]byte, error) {
	if len(w.Visits) == 0 {
		return nil, ErrNoBars
	}
	font, err := defaultFont()
	if err != nil {
		return nil, fmt.Errorf("chart font: %w", err)
	}
	top := 0
	bars := make([]chart.Value, len(w.Visits))
	for i, p := range w.Visits {
		top = max(top, p.Visits)
		bars[i] = chart.Value{
			Label: fmt.Sprintf("%s (%d)", Label(displayName(p), font), p.Visits),
			Value: float64(p.Visits),
			Style: chart.Style{FillColor: BarColor, StrokeColor: BarColor, StrokeWidth: 1},
		}
	}
	ticks, top := yTicks(top)
	width := min(maxChartWidth, max(minChartWidth, chartMargin+widthPerBar*len(bars)))
	slot := (width - chartMargin) / len(bars)
	// The range starts a little below zero so that a salesperson without
	// visits still shows as a stub: absent and idle must not look alike.
	stub := float64(top) * 0.03
	bc := chart.BarChart{
		Title:      chartTitle(w, lang),
		Width:      width,
		Height:     chartHeight,
		Background: chart.Style{Padding: chart.Box{Top: 60, Left: 20, Right: 20, Bottom: 20}},
		// Bars share the plot's width, two thirds bar and one third gap,
		// so a small team's chart has no empty stretch.
		BarWidth:   slot * 2 / 3,
		BarSpacing: slot - slot*2/3,
		YAxis: chart.YAxis{
			Range: &chart.ContinuousRange{Min: -stub, Max: float64(top)},
			Ticks: ticks,
		},
		Bars: bars,
		Font: font,
	}
	var buf bytes.Buffer
	if err := bc.Render(chart.PNG, &buf); err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	return buf.Bytes(), nil
}

// yTicks returns whole-number ticks from 0 to at least top, at most eleven
// of them at a 1-2-5 step, and the last tick's value.
func yTicks(top int) ([]chart.Tick, int) {
	top = max(top, 1)
	step := 0
	for mag := 1; step == 0; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if (top+m*mag-1)/(m*mag) <= 10 {
				step = m * mag
				break
			}
		}
	}
	last := (top + step - 1) / step * step
	ticks := make([]chart.Tick, 0, last/step+1)
	for v := 0; v <= last; v += step {
		ticks = append(ticks, chart.Tick{Value: float64(v), Label: strconv.Itoa(v)})
	}
	return ticks, last
}

// chartTitle is the chart's heading, in text the built-in font can draw.
func chartTitle(w Week, lang string) string {
	first := w.From.Format("2006-01-02")
	last := w.To.AddDate(0, 0, -1).Format("2006-01-02")
	return i18n.Parse(lang).F("Baifang cishu / Visits  %s ~ %s", "Visits per salesperson, %s to %s", first, last)
}
