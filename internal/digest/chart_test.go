package digest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/chart"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs under testdata/ from the current drawing")

// people makes salespeople named 销售N号 with the given visits.
func people(visits ...int) []Person {
	out := make([]Person, len(visits))
	for i, v := range visits {
		out[i] = Person{StaffID: int64(i + 1), Name: fmt.Sprintf("销售%d号", i), Visits: v}
	}
	return out
}

func TestChartDrawsOneBarPerSalesperson(t *testing.T) {
	t.Parallel()
	many := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = n - i
		}
		return out
	}
	heights := map[int]int{}
	for _, c := range []struct {
		name   string
		visits []int
		bars   int
	}{
		{"two", []int{5, 2}, 2},
		{"one idle", []int{0}, 1},
		{"all idle", []int{0, 0, 0}, 3},
		{"zero among others", []int{12, 0, 7, 1, 0, 3}, 6},
		{"large team", many(30), 30},
		{"large counts", []int{1234, 5}, 2},
		{"more than a chart holds", many(chart.MaxRows + 20), chart.MaxRows},
	} {
		w := Week{TeamName: "A", From: sh(2027, 3, 1, 0, 0, 0), To: sh(2027, 3, 8, 0, 0, 0), Visits: people(c.visits...)}
		langs := []string{"zh"}
		if c.name == "two" {
			langs = append(langs, "en") // the texts differ; the bars do not
		}
		for _, lang := range langs {
			raw, err := Chart(w, lang)
			if err != nil {
				t.Fatalf("%s %s: %v", c.name, lang, err)
			}
			img, err := png.Decode(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%s %s: not a PNG: %v", c.name, lang, err)
			}
			sz := img.Bounds().Size()
			if sz.X != chart.DefaultWidth || sz.X+sz.Y > 10000 {
				t.Errorf("%s %s: %v, want %d wide and within Telegram's width + height of 10,000", c.name, lang, sz, chart.DefaultWidth)
			}
			if h, ok := heights[c.bars]; ok && h != sz.Y {
				t.Errorf("%s %s: %d tall, another chart of %d bars is %d", c.name, lang, sz.Y, c.bars, h)
			}
			heights[c.bars] = sz.Y
			if got := countBars(img); got != c.bars {
				t.Errorf("%s %s: %d bars, want %d", c.name, lang, got, c.bars)
			}
		}
	}
	if !(heights[1] < heights[2] && heights[2] < heights[6] && heights[6] < heights[30]) {
		t.Errorf("heights by bars %v: a larger team should get a taller chart", heights)
	}
}

func TestChartOfTeamWithoutSalespeople(t *testing.T) {
	t.Parallel()
	if _, err := Chart(Week{}, "zh"); !errors.Is(err, ErrNoBars) {
		t.Errorf("Chart(no people) = %v, want ErrNoBars", err)
	}
}

// TestChartNamesSalespeopleInFull: the chart carries the names as the
// ledger has them (Chinese, Latin, a nameless person's id), in the digest's
// order, and its texts in the reader's language.
func TestChartNamesSalespeopleInFull(t *testing.T) {
	t.Parallel()
	w := Week{TeamName: "华东一部", From: sh(2027, 3, 1, 0, 0, 0), To: sh(2027, 3, 8, 0, 0, 0), Visits: []Person{
		{StaffID: 3, Name: "王小明", Visits: 3}, {StaffID: 4, Name: "Tom Lee", Visits: 2},
		{StaffID: 9, Name: "欧阳娜娜", Visits: 0}, {StaffID: 7, Name: " ", Visits: 0},
	}}
	for _, c := range []struct {
		lang                   string
		title, sub, axis, name string
	}{
		{"zh", "各销售拜访次数", "华东一部 · 2027年3月1日–3月7日", "拜访次数", "拜访"},
		{"en", "Visits per salesperson", "华东一部 · 2027-03-01 – 2027-03-07", "visits", "visits"},
	} {
		got := weekChart(w, i18n.Parse(c.lang))
		if got.Title != c.title || got.Subtitle != c.sub || got.ValueLabel != c.axis {
			t.Errorf("%s: title %q, subtitle %q, axis %q; want %q, %q, %q", c.lang, got.Title, got.Subtitle, got.ValueLabel, c.title, c.sub, c.axis)
		}
		if len(got.Series) != 1 || got.Series[0].Name != c.name || got.Series[0].Color != BarColor {
			t.Errorf("%s: series %+v", c.lang, got.Series)
		}
		var rows []string
		for _, r := range got.Rows {
			rows = append(rows, fmt.Sprintf("%s=%v", r.Label, r.Values))
		}
		if s := strings.Join(rows, " "); s != "王小明=[3] Tom Lee=[2] 欧阳娜娜=[0] #7=[0]" {
			t.Errorf("%s: rows %s", c.lang, s)
		}
	}
	w.Visits = people(make([]int, chart.MaxRows+1)...)
	if got := weekChart(w, i18n.Parse("zh")); len(got.Rows) != chart.MaxRows || !strings.HasSuffix(got.Subtitle, " · 前 100 名（共 101 人）") {
		t.Errorf("a team over MaxRows: %d rows, subtitle %q", len(got.Rows), got.Subtitle)
	}
}

// TestChartGolden pins the digest chart of TestRunSendsEachManagerTextAndChart's
// team A, in both languages. After an intended change run
// `go test ./internal/digest/ -run TestChartGolden -update` and look at
// testdata/*.png before committing them.
func TestChartGolden(t *testing.T) {
	t.Parallel()
	w := Week{TeamName: "华东一部", From: sh(2027, 3, 1, 0, 0, 0), To: sh(2027, 3, 8, 0, 0, 0), Visits: []Person{
		{StaffID: 3, Name: "王小明", Visits: 3}, {StaffID: 4, Name: "Tom Lee", Visits: 2}, {StaffID: 1, Name: "陈静", Visits: 1},
		{StaffID: 2, Name: "Grace Wu", Visits: 0}, {StaffID: 5, Name: "赵六", Visits: 0},
	}}
	for _, lang := range []string{"zh", "en"} {
		raw, err := Chart(w, lang)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "week_"+lang+".png")
		if *update {
			if err := os.WriteFile(path, raw, 0o644); err != nil { //nolint:gosec // G306: a golden file, committed like any source
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path) //nolint:gosec // G304: a golden file of testdata/
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(raw, want) {
			if n := pixelsApart(t, want, raw); n > 0 {
				t.Errorf("%s: %d pixels differ; if intended, rerun with -update and look at the file", path, n)
			}
		}
	}
}

// pixelsApart counts the pixels of two PNGs whose channels differ by more
// than 2 levels (the glyph rasteriser's float32 may round differently on
// another platform; a visible change moves whole edges), or all of them when
// the sizes differ.
func pixelsApart(t *testing.T, a, b []byte) int {
	t.Helper()
	ia, ib := rgba(t, a), rgba(t, b)
	if ia.Rect != ib.Rect {
		return ia.Rect.Dx() * ia.Rect.Dy()
	}
	n := 0
	for i := 0; i < len(ia.Pix); i += 4 {
		for k := range 4 {
			if d := int(ia.Pix[i+k]) - int(ib.Pix[i+k]); d > 2 || d < -2 {
				n++
				break
			}
		}
	}
	return n
}

func rgba(t *testing.T, raw []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	return out
}

// countBars counts the bars of a chart: the most separate runs of BarColor
// down any one pixel column (bars are horizontal, one under another; a
// column near the axis crosses even a zero's stub).
func countBars(img image.Image) int {
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Rect, img, img.Bounds().Min, draw.Src)
	}
	best := 0
	for x := rgba.Rect.Min.X; x < rgba.Rect.Max.X; x++ {
		runs, in := 0, false
		for y := rgba.Rect.Min.Y; y < rgba.Rect.Max.Y; y++ {
			on := rgba.RGBAAt(x, y) == BarColor
			if on && !in {
				runs++
			}
			in = on
		}
		best = max(best, runs)
	}
	return best
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// keys lists a map's keys for failure messages.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// contains reports whether s holds every part.
func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
