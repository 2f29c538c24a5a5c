package chart

import (
	"image"
	"image/color"
)

// draw paints c on p.img as l places it, back to front.
func (p *painter) draw(c Chart, l layout) {
	p.fill(p.img.Bounds(), background)
	for i := 1; i < len(c.Rows); i += 2 {
		y := l.plot.Min.Y + i*l.rowHeight
		p.fill(image.Rect(pad/2, y, l.width-pad/2, y+l.rowHeight), zebra)
	}
	for _, t := range l.ticks[1:] {
		x := l.x(t)
		p.fill(image.Rect(x, l.plot.Min.Y, x+1, l.plot.Max.Y), gridLine)
	}
	p.fill(image.Rect(l.plot.Min.X-2, l.plot.Min.Y, l.plot.Min.X, l.plot.Max.Y), axisLine)

	for i, r := range c.Rows {
		if c.Layout == Stacked {
			p.stacked(c, l, i, r)
		} else {
			p.grouped(c, l, i, r)
		}
		mid := l.plot.Min.Y + i*l.rowHeight + l.rowHeight/2
		p.text(p.label, l.labels[i], l.labelRight, mid+capHeight(p.label)/2, alignRight, ink)
	}

	for _, t := range l.ticks {
		p.text(p.tick, c.format(t), l.x(t), l.tickY, alignCenter, mutedInk)
	}
	if l.valueLbY != 0 {
		mid := (l.plot.Min.X + l.plot.Max.X) / 2
		p.text(p.value, clip(p.value, clean(c.ValueLabel), 2*min(mid-pad, l.width-pad-mid)), mid, l.valueLbY, alignCenter, ink)
	}
	if l.titleY != 0 {
		p.text(p.title, l.title, pad, l.titleY, alignLeft, ink)
	}
	if l.subtitleY != 0 {
		p.text(p.subtitle, l.subtitle, pad, l.subtitleY, alignLeft, mutedInk)
	}
	for i, it := range l.legend {
		p.fill(it.swatch, c.colour(i))
		p.text(p.subtitle, it.name, it.x, it.y, alignLeft, ink)
	}
}

// grouped draws row i with one bar per series, each with its value after it.
func (p *painter) grouped(c Chart, l layout, i int, r Row) {
	face := p.value
	if len(c.Series) > 1 {
		face = p.tick // a grouped bar is thinner than the value face
	}
	y := l.rowTop(i)
	for j, v := range r.Values {
		end := p.bar(l, l.plot.Min.X, l.x(v), y, c.colour(j))
		p.text(face, c.format(v), end+valueGap, y+l.barHeight/2+capHeight(face)/2, alignLeft, ink)
		y += l.barHeight + groupSpace
	}
}

// stacked draws row i as one bar of consecutive segments, each segment's
// value inside it where it fits, and the total after the bar. A row whose
// total is zero draws a grey stub: no series owns it.
func (p *painter) stacked(c Chart, l layout, i int, r Row) {
	y := l.rowTop(i)
	total := c.total(r)
	end := l.plot.Min.X
	if total == 0 {
		end = p.bar(l, end, end, y, emptyStub)
	}
	sum := 0.0
	for j, v := range r.Values {
		if v == 0 {
			continue
		}
		sum += v
		from, to := end, l.x(sum)
		end = p.bar(l, from, to, y, c.colour(j))
		s := c.format(v)
		if w := width(p.tick, s); end-from >= w+12 {
			p.text(p.tick, s, (from+end)/2, y+l.barHeight/2+capHeight(p.tick)/2, alignCenter, textOn(c.colour(j)))
		}
	}
	p.text(p.value, c.format(total), end+valueGap, y+l.barHeight/2+capHeight(p.value)/2, alignLeft, ink)
}

// bar fills a bar from x0 to x1 at y, at least stubWidth long so that a
// zero or a value too small for a pixel still shows, and returns its end.
func (p *painter) bar(l layout, x0, x1, y int, c color.RGBA) int {
	x1 = max(x1, x0+stubWidth)
	p.fill(image.Rect(x0, y, x1, y+l.barHeight), c)
	return x1
}
