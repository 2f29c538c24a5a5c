package chart

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"math"
	"strings"
	"sync"
	"testing"
)

// drawn is a chart drawn for a test, with where its parts went.
type drawn struct {
	img *image.RGBA
	l   layout
}

func drawChart(t *testing.T, c Chart) drawn {
	t.Helper()
	img, err := Draw(c)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPainter()
	if err != nil {
		t.Fatal(err)
	}
	return drawn{img: img, l: p.layout(c)}
}

func (d drawn) at(x, y int) color.RGBA { return d.img.RGBAAt(x, y) }

// barMid is the middle of row i's k-th bar.
func (d drawn) barMid(i, k int) int {
	return d.l.rowTop(i) + k*(d.l.barHeight+groupSpace) + d.l.barHeight/2
}

// run is how many pixels of colour c follow one another from x on row y.
func (d drawn) run(x, y int, c color.RGBA) int {
	n := 0
	for ; x+n < d.img.Rect.Max.X && d.at(x+n, y) == c; n++ {
	}
	return n
}

// inkIn counts dark pixels (text) in r.
func (d drawn) inkIn(r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := d.at(x, y); int(c.R)+int(c.G)+int(c.B) < 3*0x90 {
				n++
			}
		}
	}
	return n
}

func TestChartIsReadableSizeAndNotBlank(t *testing.T) {
	t.Parallel()
	for _, g := range goldens {
		d := drawChart(t, g.chart())
		sz := d.img.Bounds().Size()
		if sz.X != DefaultWidth || sz.Y < 300 || sz.X+sz.Y > 10000 {
			t.Errorf("%s: %v, want %d wide, 300 to %d tall", g.name, sz, DefaultWidth, 10000-DefaultWidth)
		}
		colours := map[color.RGBA]int{}
		for y := 0; y < sz.Y; y++ {
			for x := 0; x < sz.X; x++ {
				colours[d.at(x, y)]++
			}
		}
		if share := float64(colours[background]) / float64(sz.X*sz.Y); share > 0.9 || share < 0.4 {
			t.Errorf("%s: %.0f%% of the image is background", g.name, 100*share)
		}
		if colours[ink] < 500 {
			t.Errorf("%s: %d pixels of text ink", g.name, colours[ink])
		}
		c := g.chart()
		for i := range c.Series {
			if colours[c.colour(i)] < 200 {
				t.Errorf("%s: series %d's colour covers %d pixels", g.name, i, colours[c.colour(i)])
			}
		}
	}
}

func TestChartGrowsInHeightNotWidth(t *testing.T) {
	t.Parallel()
	prev := 0
	for _, n := range []int{1, 3, 15, 20, MaxRows} {
		d := drawChart(t, people(n, 5, 3, 0))
		sz := d.img.Bounds().Size()
		if sz.X != DefaultWidth || sz.Y <= prev || sz.X+sz.Y > 10000 {
			t.Errorf("%d rows: %v after a height of %d; want %d wide, taller, within Telegram's 10,000", n, sz, prev, DefaultWidth)
		}
		if got := countBars(d.img, Palette[0]); got != n {
			t.Errorf("%d rows: %d bars", n, got)
		}
		prev = sz.Y
	}
	c := people(3, 1)
	c.Width = MaxWidth
	if got := drawChart(t, c).img.Bounds().Dx(); got != MaxWidth {
		t.Errorf("Width %d drew %d pixels wide", MaxWidth, got)
	}
}

// visibleStub is the shortest stub a phone shows: 3 of the chart's pixels
// are about one point on the screen.
const visibleStub = 3

func TestZeroDrawsStubAndZeroLabel(t *testing.T) {
	t.Parallel()
	if stubWidth < visibleStub {
		t.Fatalf("stubWidth %d is under %d pixels", stubWidth, visibleStub)
	}
	for _, c := range []Chart{small(), english(), percent()} {
		d := drawChart(t, c)
		last := len(c.Rows) - 1 // each of these ends with a zero
		x0, y := d.l.plot.Min.X, d.barMid(last, 0)
		colour := c.colour(0)
		if got := d.run(x0, y, colour); got != stubWidth {
			t.Errorf("%s: the zero's bar is %d pixels long, want a %d-pixel stub", c.Title, got, stubWidth)
		}
		label := image.Rect(x0+stubWidth, d.l.rowTop(last), x0+stubWidth+valueGap+40, d.l.rowTop(last)+d.l.barHeight)
		if d.inkIn(label) < 20 {
			t.Errorf("%s: nothing written after the zero's stub", c.Title)
		}
	}
	// Stacked: a row whose total is zero gets a grey stub of its own.
	c := byKindStacked()
	d := drawChart(t, c)
	last := len(c.Rows) - 1
	if got := d.run(d.l.plot.Min.X, d.barMid(last, 0), emptyStub); got != stubWidth {
		t.Errorf("stacked: the empty row's stub is %d pixels, want %d", got, stubWidth)
	}
	// Grouped: each zero of a row is a stub in its series' colour.
	c = byKind()
	d = drawChart(t, c)
	for k := range c.Series {
		if got := d.run(d.l.plot.Min.X, d.barMid(4, k), c.colour(k)); got != stubWidth {
			t.Errorf("grouped: series %d's zero is %d pixels, want %d", k, got, stubWidth)
		}
	}
}

func TestBarLengthsFollowValues(t *testing.T) {
	t.Parallel()
	c := team15()
	d := drawChart(t, c)
	if d.l.axisTop < 23 || d.l.axisTop > 30 {
		t.Errorf("axis ends at %v for a largest value of 23", d.l.axisTop)
	}
	unit := float64(d.l.plot.Dx()) / d.l.axisTop
	for i, r := range c.Rows {
		v := r.Values[0]
		got := d.run(d.l.plot.Min.X, d.barMid(i, 0), Palette[0])
		want := max(stubWidth, int(math.Round(v*unit)))
		if got != want {
			t.Errorf("row %d (%v): bar of %d pixels, want %d", i, v, got, want)
		}
	}
	// Stacked: the segments follow one another and end at the total.
	c = byKindStacked()
	d = drawChart(t, c)
	for i, r := range c.Rows[:len(c.Rows)-1] {
		x := d.l.plot.Min.X
		for k, v := range r.Values {
			if v == 0 {
				continue
			}
			x += d.run(x, d.barMid(i, 0)-d.l.barHeight/2+1, c.colour(k)) // the bar's top line: no text there
		}
		if want := d.l.x(c.total(r)); x != want && !(x-d.l.plot.Min.X == stubWidth && want-d.l.plot.Min.X < stubWidth) {
			t.Errorf("stacked row %d ends at %d, want %d", i, x, want)
		}
	}
}

// TestLabelsStayInTheirRows: the lines between two rows carry no text or
// bar, so nothing of one row runs into the next, with 15 and 20 names, and
// every name ends before the axis.
func TestLabelsStayInTheirRows(t *testing.T) {
	t.Parallel()
	for _, c := range []Chart{team15(), byKind(), byKindStacked(), people(20, 9, 12, 0)} {
		d := drawChart(t, c)
		allowed := map[color.RGBA]bool{background: true, zebra: true, gridLine: true, axisLine: true}
		for i := 0; i <= len(c.Rows); i++ {
			y := d.l.plot.Min.Y + i*d.l.rowHeight
			if i == len(c.Rows) {
				y--
			}
			for x := 0; x < d.img.Rect.Dx(); x++ {
				if px := d.at(x, y); !allowed[px] {
					t.Errorf("%s: pixel %v at the boundary above row %d is %v", c.Title, image.Pt(x, y), i, px)
					break
				}
			}
		}
		gap := image.Rect(d.l.labelRight+1, d.l.plot.Min.Y, d.l.plot.Min.X-2, d.l.plot.Max.Y)
		if n := d.inkIn(gap); n > 0 {
			t.Errorf("%s: %d pixels of ink between the names and the axis", c.Title, n)
		}
		if w := d.l.labelRight - pad; w > (d.l.width-2*pad)/3 {
			t.Errorf("%s: label column %d pixels wide", c.Title, w)
		}
	}
}

func TestLongLabelsAreClipped(t *testing.T) {
	t.Parallel()
	face, err := newFace(labelSize)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, want string }{
		{"王小明", "王小明"},
		{"上官婉儿（华东大区客户经理）", "上官婉儿（华…"},
		{"Alexandra Konstantinopoulou", "Alexandra Ko..."},
		{"吴 Grace Konstantinou", "吴 Grace Kons..."}, {"Grace 吴晓东华东大区经理", "Grace 吴晓东…"},
	} {
		got := clip(face, c.in, 220)
		if got != c.want || width(face, got) > 220 {
			t.Errorf("clip(%q, 220) = %q (%d px), want %q", c.in, got, width(face, got), c.want)
		}
	}
	c := team15()
	c.Title = strings.Repeat("各销售拜访次数", 20)
	d := drawChart(t, c)
	if got := d.l.labels[13]; !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "上官婉儿") {
		t.Errorf("long name drawn as %q", got)
	}
	p, err := newPainter()
	if err != nil {
		t.Fatal(err)
	}
	if w := width(p.title, d.l.title); w > d.l.width-2*pad || !strings.HasSuffix(d.l.title, "…") {
		t.Errorf("long title drawn %d pixels wide as %q", w, d.l.title)
	}
}

func TestCleanKeepsOneLineOfText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  王小明\n":         "王小明",
		"Jose\u0301":      "José",
		"李\u200b娜":        "李娜",
		"王🙂\ufe0f":        "王🙂",
		"Tom\t \r\nLee":   "Tom Lee",
		"\u202e阿拉伯\u202c": "阿拉伯",
		"":                "",
		"华东一部 · 2027年3月":  "华东一部 · 2027年3月",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroupedDrawsABarPerSeries(t *testing.T) {
	t.Parallel()
	c := byKind()
	d := drawChart(t, c)
	for k := range c.Series {
		if got := countBars(d.img, c.colour(k)); got != len(c.Rows) {
			t.Errorf("series %d: %d bars, want %d", k, got, len(c.Rows))
		}
	}
	if len(d.l.legend) != len(c.Series) {
		t.Fatalf("%d legend entries for %d series", len(d.l.legend), len(c.Series))
	}
	for k, it := range d.l.legend {
		if got := d.at(it.swatch.Min.X+2, it.swatch.Min.Y+2); got != c.colour(k) {
			t.Errorf("legend %d swatch is %v, want %v", k, got, c.colour(k))
		}
		if it.swatch.Max.Y > d.l.plot.Min.Y {
			t.Errorf("legend %d runs into the plot", k)
		}
	}
	// A single series has no legend.
	if l := drawChart(t, small()).l; len(l.legend) != 0 {
		t.Errorf("a one-series chart has a legend: %v", l.legend)
	}
}

func TestSameChartSameBytes(t *testing.T) {
	t.Parallel()
	want, err := Render(team15())
	if err != nil {
		t.Fatal(err)
	}
	// Concurrent drawings share the parsed font; each has its own faces.
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	errs := make([]error, 4)
	for i := range got {
		wg.Go(func() { got[i], errs[i] = Render(team15()) })
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || !bytes.Equal(got[i], want) {
			t.Errorf("drawing %d: %v, same bytes %v", i, errs[i], bytes.Equal(got[i], want))
		}
	}
}

func TestInvalidChartsAreRefused(t *testing.T) {
	t.Parallel()
	ok := small
	for _, c := range []struct {
		name  string
		chart func() Chart
		want  error
		text  string
	}{
		{"no rows", func() Chart { c := ok(); c.Rows = nil; return c }, ErrNoRows, ""},
		{"no series", func() Chart { c := ok(); c.Series = nil; return c }, ErrNoSeries, ""},
		{"negative", func() Chart { c := ok(); c.Rows[0].Values[0] = -1; return c }, nil, "not negative"},
		{"NaN", func() Chart { c := ok(); c.Rows[1].Values[0] = math.NaN(); return c }, nil, "finite"},
		{"missing value", func() Chart { c := ok(); c.Rows[1].Values = nil; return c }, nil, "0 values for 1 series"},
		{"too many rows", func() Chart { return people(MaxRows+1, 1) }, nil, "at most"},
		{"too narrow", func() Chart { c := ok(); c.Width = 320; return c }, nil, "outside"},
		{"layout", func() Chart { c := ok(); c.Layout = 7; return c }, nil, "layout"},
		{"axis", func() Chart { c := ok(); c.AxisMax = math.Inf(1); return c }, nil, "axis"},
		{"colours", func() Chart {
			c := ok()
			c.Series = make([]Series, len(Palette)+1)
			for i := range c.Rows {
				c.Rows[i].Values = make([]float64, len(c.Series))
			}
			return c
		}, nil, "needs a colour"},
	} {
		_, err := Render(c.chart())
		if err == nil || (c.want != nil && !errors.Is(err, c.want)) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: %v, want %v %q", c.name, err, c.want, c.text)
		}
	}
}

func TestTicksAreRoundNumbers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		top   float64
		most  int
		whole bool
		want  string
	}{
		{0, 5, true, "0 1"},
		{1, 5, true, "0 1"},
		{3, 8, true, "0 1 2 3"},
		{23, 5, true, "0 5 10 15 20 25"},
		{23, 3, true, "0 10 20 30"},
		{1234, 5, true, "0 500 1,000 1,500"},
		{100, 5, true, "0 20 40 60 80 100"},
		{4.6, 5, false, "0 1 2 3 4 5"},
		{0.7, 4, false, "0 0.2 0.4 0.6 0.8"},
		{0.3, 3, true, "0 1"},
		{1234567, 6, true, "0 500,000 1,000,000 1,500,000"},
	} {
		var got []string
		for _, v := range ticks(c.top, c.most, c.whole) {
			got = append(got, FormatNumber(v))
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("ticks(%v, %d, %v) = %s, want %s", c.top, c.most, c.whole, s, c.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	for v, want := range map[float64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345.678: "12,345.68", 1234567: "1,234,567",
		87.5: "87.5", 0.30000000000000004: "0.3", -1500: "-1,500", -0.001: "0",
	} {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestTextOnBarsContrasts(t *testing.T) {
	t.Parallel()
	contrast := func(a, b color.RGBA) float64 {
		la, lb := luminance(a), luminance(b)
		return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
	}
	// Labels inside bars are 24 px, "large text" to WCAG, which asks 3:1.
	for i, c := range Palette {
		if got := contrast(textOn(c), c); got < 3 {
			t.Errorf("palette %d: text contrast %.1f", i, got)
		}
	}
	if got := contrast(ink, background); got < 12 {
		t.Errorf("ink on background: %.1f", got)
	}
	if got := contrast(mutedInk, background); got < 4.5 {
		t.Errorf("muted ink on background: %.1f", got)
	}
}

// countBars counts the bars of colour c: the most separate runs of it down
// any one pixel column (bars are horizontal, one under another).
func countBars(img *image.RGBA, c color.RGBA) int {
	best := 0
	for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
		runs, in := 0, false
		for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
			on := img.RGBAAt(x, y) == c
			if on && !in {
				runs++
			}
			in = on
		}
		best = max(best, runs)
	}
	return best
}
