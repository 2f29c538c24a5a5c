package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Widths, in pixels. Telegram shows a photo at most 1280 pixels wide and a
// phone about 400 points wide, so DefaultWidth puts a 30-pixel name at about
// 11 points on the screen.
const (
	DefaultWidth = 1080
	MinWidth     = 640
	MaxWidth     = 1280
)

// MaxRows is the most rows a chart draws: 100 rows are about 6,000 pixels
// tall, near what Telegram accepts for a photo (width + height <= 10,000).
const MaxRows = 100

// Layout says how a row's values sit when there are several series.
type Layout int

const (
	// Grouped draws one bar per series, one under another, in each row.
	Grouped Layout = iota
	// Stacked draws the series end to end in one bar whose length is the
	// row's total; the total is written after it.
	Stacked
)

// Chart is one horizontal bar chart. Texts are drawn as given: the caller
// writes them in the reader's language.
type Chart struct {
	Title    string // the heading, e.g. "各销售拜访次数"
	Subtitle string // a second, quieter line: the team, the period
	// ValueLabel names the values, under the value axis: "拜访次数".
	ValueLabel string
	// Series are what each row counts, drawn in this order; a legend shows
	// their names when there are two or more. Up to len(Palette) may leave
	// Color zero to take the palette's colour of their position.
	Series []Series
	// Rows are drawn top to bottom in this order, each with one value per
	// series; values are not negative.
	Rows   []Row
	Layout Layout
	// AxisMax makes the value axis reach at least this value (100 for a
	// percentage), so charts of one measure compare at a glance.
	AxisMax float64
	// Format writes a value after its bar and on the axis; nil writes whole
	// numbers with thousands separators ("1,234") and others with up to two
	// decimals.
	Format func(float64) string
	// Width is the image's width in pixels, DefaultWidth when zero; the
	// height follows from the rows.
	Width int
}

// Series is one measure drawn in every row.
type Series struct {
	Name  string
	Color color.RGBA // zero: Palette[its position]
}

// Row is one category, usually a salesperson: its label and one value per
// series. A label wider than a third of the chart is cut short with "…".
type Row struct {
	Label  string
	Values []float64
}

// Errors of an invalid Chart.
var (
	ErrNoRows   = errors.New("chart has no rows")
	ErrNoSeries = errors.New("chart has no series")
)

// Render draws c as a PNG.
func Render(c Chart) ([]byte, error) {
	img, err := Draw(c)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// Encoding takes most of a render (drawing 15 rows is about 2 ms);
	// BestSpeed is a third faster than the default level for a file 5%
	// larger (80 KB for 15 rows).
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// Draw draws c on a new image.
func Draw(c Chart) (*image.RGBA, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	p, err := newPainter()
	if err != nil {
		return nil, err
	}
	l := p.layout(c)
	p.img = image.NewRGBA(image.Rect(0, 0, l.width, l.height))
	p.draw(c, l)
	return p.img, nil
}

// check refuses a chart that cannot be drawn truthfully.
func (c Chart) check() error {
	if len(c.Rows) == 0 {
		return ErrNoRows
	}
	if len(c.Series) == 0 {
		return ErrNoSeries
	}
	if len(c.Rows) > MaxRows {
		return fmt.Errorf("chart has %d rows, at most %d are drawn", len(c.Rows), MaxRows)
	}
	if c.Width != 0 && (c.Width < MinWidth || c.Width > MaxWidth) {
		return fmt.Errorf("chart width %d is outside %d..%d", c.Width, MinWidth, MaxWidth)
	}
	if c.Layout != Grouped && c.Layout != Stacked {
		return fmt.Errorf("unknown chart layout %d", c.Layout)
	}
	for i, s := range c.Series {
		if s.Color == (color.RGBA{}) && i >= len(Palette) {
			return fmt.Errorf("series %d (%q) needs a colour: the palette has %d", i, s.Name, len(Palette))
		}
	}
	if math.IsNaN(c.AxisMax) || math.IsInf(c.AxisMax, 0) || c.AxisMax < 0 {
		return fmt.Errorf("chart axis maximum %v is not a finite positive number", c.AxisMax)
	}
	for _, r := range c.Rows {
		if len(r.Values) != len(c.Series) {
			return fmt.Errorf("row %q has %d values for %d series", r.Label, len(r.Values), len(c.Series))
		}
		for _, v := range r.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("row %q has value %v: values are finite and not negative", r.Label, v)
			}
		}
	}
	return nil
}

// colour is the fill of series i.
func (c Chart) colour(i int) color.RGBA {
	if s := c.Series[i]; s.Color != (color.RGBA{}) {
		return s.Color
	}
	return Palette[i]
}

// total is what a row's bar measures: the sum of a stacked row, the
// largest value of a grouped one.
func (c Chart) total(r Row) float64 {
	t := 0.0
	for _, v := range r.Values {
		if c.Layout == Stacked {
			t += v
		} else {
			t = max(t, v)
		}
	}
	return t
}

// format writes v as the chart's values are written.
func (c Chart) format(v float64) string {
	if c.Format != nil {
		return c.Format(v)
	}
	return FormatNumber(v)
}
