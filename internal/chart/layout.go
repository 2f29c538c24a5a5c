package chart

import (
	"image"
	"math"
)

// Geometry, in pixels.
const (
	pad        = 36 // the image's margin
	labelGap   = 14 // between a name and the axis
	valueGap   = 8  // between a bar's end and its value
	stubWidth  = 4  // the shortest bar: what a zero draws
	rowBar     = 34 // a bar's thickness in a one-bar row
	rowSpace   = 20 // the space between two rows' bars
	groupBar   = 24 // a bar's thickness in a grouped row
	groupSpace = 4  // between the bars of one grouped row
	swatch     = 24 // a legend's colour square
	tickGap    = 56 // the least room between two ticks' labels
)

// layout is where everything of one chart goes.
type layout struct {
	width, height int

	title, subtitle   string // cleaned, clipped to the width
	titleY, subtitleY int    // baselines; 0 when there is no such line
	legend            []legendItem

	labels     []string // the rows' labels, cleaned and clipped
	labelRight int      // labels end here
	plot       image.Rectangle
	rowHeight  int
	barHeight  int // a bar's thickness
	barsHeight int // all bars of a row, with the gaps between them

	ticks    []float64
	axisTop  float64
	tickY    int // the ticks' baseline
	valueLbY int // the value axis's name's baseline
}

// legendItem is one series in the legend: its swatch and its name's start.
type legendItem struct {
	swatch image.Rectangle
	x, y   int
	name   string
}

// layout places c's parts: the header, the label column as wide as the
// longest name (a third of the chart at most), the plot, and to its right
// room for the longest value.
func (p *painter) layout(c Chart) layout {
	l := layout{width: c.Width}
	if l.width == 0 {
		l.width = DefaultWidth
	}
	inner := l.width - 2*pad

	y := pad
	if l.title = clip(p.title, clean(c.Title), inner); l.title != "" {
		l.titleY = y + p.title.Metrics().Ascent.Ceil()
		y += lineHeight(p.title)
	}
	if l.subtitle = clip(p.subtitle, clean(c.Subtitle), inner); l.subtitle != "" {
		l.subtitleY = y + 6 + p.subtitle.Metrics().Ascent.Ceil()
		y += 6 + lineHeight(p.subtitle)
	}
	if len(c.Series) > 1 {
		y = p.layoutLegend(c, &l, y+16, inner)
	}
	top := y + 24

	// The label column.
	l.labels = make([]string, len(c.Rows))
	longest := 0
	for i, r := range c.Rows {
		l.labels[i] = clean(r.Label)
		longest = max(longest, width(p.label, l.labels[i]))
	}
	labelW := min(longest, inner/3)
	for i, s := range l.labels {
		l.labels[i] = clip(p.label, s, labelW)
	}
	l.labelRight = pad + labelW

	// The plot, with room on its right for the widest value.
	widest := 0
	for _, r := range c.Rows {
		if c.Layout == Stacked {
			widest = max(widest, width(p.value, c.format(c.total(r))))
			continue
		}
		for _, v := range r.Values {
			widest = max(widest, width(p.value, c.format(v)))
		}
	}
	left := l.labelRight + labelGap
	// A Format writing very long values still leaves the bars a third.
	right := max(left+inner/3, l.width-pad-max(valueGap+stubWidth+widest, widest/2))

	l.barHeight, l.barsHeight = rowBar, rowBar
	if c.Layout == Grouped && len(c.Series) > 1 {
		n := len(c.Series)
		l.barHeight = groupBar
		l.barsHeight = n*groupBar + (n-1)*groupSpace
	}
	l.rowHeight = l.barsHeight + rowSpace
	l.plot = image.Rect(left, top, right, top+len(c.Rows)*l.rowHeight)

	reach := c.AxisMax
	for _, r := range c.Rows {
		reach = max(reach, c.total(r))
	}
	// As many ticks as their labels leave room for, at most eight
	// intervals: the labels of a first, dense try tell how wide they are.
	whole := c.allWhole() && c.AxisMax == math.Trunc(c.AxisMax)
	widestTick := 0
	for _, t := range ticks(reach, 8, whole) {
		widestTick = max(widestTick, width(p.tick, c.format(t)))
	}
	l.ticks = ticks(reach, min(8, max(2, l.plot.Dx()/(widestTick+tickGap))), whole)
	l.axisTop = l.ticks[len(l.ticks)-1]

	l.tickY = l.plot.Max.Y + 12 + capHeight(p.tick)
	l.height = l.tickY + p.tick.Metrics().Descent.Ceil()
	if clean(c.ValueLabel) != "" {
		l.valueLbY = l.height + 12 + p.value.Metrics().Ascent.Ceil()
		l.height = l.valueLbY + p.value.Metrics().Descent.Ceil()
	}
	l.height += pad
	return l
}

// layoutLegend flows the series' names into lines from y on, at most inner
// pixels wide, and returns where the legend ends.
func (p *painter) layoutLegend(c Chart, l *layout, y, inner int) int {
	lineH := lineHeight(p.subtitle) + 6
	x := pad
	ch := capHeight(p.subtitle)
	for _, s := range c.Series {
		name := clip(p.subtitle, clean(s.Name), inner-swatch-10)
		w := swatch + 10 + width(p.subtitle, name)
		if x > pad && x+w > pad+inner {
			x = pad
			y += lineH
		}
		mid := y + lineH/2
		l.legend = append(l.legend, legendItem{
			swatch: image.Rect(x, mid-swatch/2, x+swatch, mid-swatch/2+swatch),
			x:      x + swatch + 10,
			y:      mid + ch/2,
			name:   name,
		})
		x += w + 36
	}
	return y + lineH
}

// x is where value v ends on the value axis.
func (l layout) x(v float64) int {
	return l.plot.Min.X + int(math.Round(v/l.axisTop*float64(l.plot.Dx())))
}

// rowTop is the top of row i's bars.
func (l layout) rowTop(i int) int {
	return l.plot.Min.Y + i*l.rowHeight + (l.rowHeight-l.barsHeight)/2
}
