package digest

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strconv"
	"strings"
	"testing"
)

func TestChartDrawsOneBarPerSalesperson(t *testing.T) {
	t.Parallel()
	people := func(visits ...int) []Person {
		out := make([]Person, len(visits))
		for i, v := range visits {
			out[i] = Person{StaffID: int64(i + 1), Name: fmt.Sprintf("销售%d号", i), Visits: v}
		}
		return out
	}
	many := make([]int, 30)
	for i := range many {
		many[i] = 30 - i
	}
	for _, c := range []struct {
		name   string
		visits []int
		width  int
	}{
		{"two", []int{5, 2}, minChartWidth},
		{"one idle", []int{0}, minChartWidth},
		{"all idle", []int{0, 0, 0}, minChartWidth},
		{"zero among others", []int{12, 0, 7, 1, 0, 3}, chartMargin + widthPerBar*6},
		{"large team", many, maxChartWidth},
		{"large counts", []int{1234, 5}, minChartWidth},
	} {
		w := Week{TeamName: "A", From: sh(2027, 3, 1, 0, 0, 0), To: sh(2027, 3, 8, 0, 0, 0), Visits: people(c.visits...)}
		langs := []string{"zh"}
		if c.name == "two" {
			langs = append(langs, "en") // the title differs; the bars do not
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
			if sz := img.Bounds().Size(); sz.X != c.width || sz.Y != chartHeight {
				t.Errorf("%s %s: %v, want %dx%d", c.name, lang, sz, c.width, chartHeight)
			}
			if got := countBars(img); got != len(c.visits) {
				t.Errorf("%s %s: %d bars, want %d", c.name, lang, got, len(c.visits))
			}
		}
	}
}

func TestChartOfTeamWithoutSalespeople(t *testing.T) {
	t.Parallel()
	if _, err := Chart(Week{}, "zh"); !errors.Is(err, ErrNoBars) {
		t.Errorf("Chart(no people) = %v, want ErrNoBars", err)
	}
}

func TestLabelWritesChineseNamesInPinyin(t *testing.T) {
	t.Parallel()
	font, err := defaultFont()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"王小明":        "Wang Xiaoming",
		"王芳":         "Wang Fang",
		"李":          "Li",
		"欧阳娜娜":       "Ouyang Nana",
		"单田芳":        "Shan Tianfang",
		"曾志伟":        "Zeng Zhiwei",
		"Tom Lee":    "Tom Lee",
		"李 Lucy":     "Li Lucy",
		"Lucy李明":     "Lucy Li Ming",
		" José\tÅs ": "José Ås",
		"王🙂":         "Wang ?",
		"":           "",
	} {
		if got := Label(in, font); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestYTicksAreWholeNumbers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ top, last, n int }{
		{0, 1, 2}, {1, 1, 2}, {7, 7, 8}, {10, 10, 11}, {11, 12, 7}, {48, 50, 11}, {1234, 1400, 8}, {123456, 140000, 8}, {100, 100, 11}, {101, 120, 7},
	} {
		ticks, last := yTicks(c.top)
		if last != c.last || len(ticks) != c.n || ticks[0].Value != 0 || ticks[len(ticks)-1].Value != float64(last) {
			t.Errorf("yTicks(%d) = %d ticks up to %d, want %d up to %d", c.top, len(ticks), last, c.n, c.last)
		}
	}
}

// countBars counts the bars of a chart: the most separate runs of BarColor
// on any one pixel row.
func countBars(img image.Image) int {
	r := img.Bounds()
	rgba, ok := img.(*image.RGBA) // what png.Decode gives for go-chart's output
	if !ok {
		rgba = image.NewRGBA(r)
		draw.Draw(rgba, r, img, r.Min, draw.Src)
	}
	bar := []byte{BarColor.R, BarColor.G, BarColor.B, BarColor.A}
	best := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := rgba.Pix[(y-r.Min.Y)*rgba.Stride:]
		runs, in := 0, false
		for x := 0; x < r.Dx(); x++ {
			on := bytes.Equal(row[4*x:4*x+4], bar)
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
