package chart

import (
	"bytes"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs under testdata/ from the current drawing")

// tolerance is how far a channel of a golden pixel may be off: the glyph
// rasteriser works in float32, whose last bit may differ on a platform that
// fuses multiply-adds (arm64). Anything a person could see moves edges by
// whole pixels, hundreds of levels.
const tolerance = 2

// TestGoldenCharts draws each pinned chart and compares it pixel by pixel
// with testdata/NAME.png. After an intended change, run
// `go test ./internal/chart/ -run TestGoldenCharts -update` and look at the
// rewritten files before committing them.
func TestGoldenCharts(t *testing.T) {
	t.Parallel()
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			raw, err := Render(g.chart())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", g.name+".png")
			if *update {
				if err := os.WriteFile(path, raw, 0o644); err != nil { //nolint:gosec // G306: a golden file, committed like any source
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path) //nolint:gosec // G304: a golden file of testdata/
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if bytes.Equal(raw, want) {
				return
			}
			if msg := diff(t, decode(t, want), decode(t, raw)); msg != "" {
				t.Errorf("%s: %s; if intended, rerun with -update and look at the file", path, msg)
			}
		})
	}
}

// diff describes how got differs from want beyond tolerance, "" if not.
func diff(t *testing.T, want, got *image.RGBA) string {
	t.Helper()
	if want.Bounds() != got.Bounds() {
		return "size " + got.Bounds().Size().String() + ", want " + want.Bounds().Size().String()
	}
	bad, first := 0, image.Point{-1, -1}
	for y := want.Rect.Min.Y; y < want.Rect.Max.Y; y++ {
		for x := want.Rect.Min.X; x < want.Rect.Max.X; x++ {
			i := want.PixOffset(x, y)
			for k := range 4 {
				d := int(want.Pix[i+k]) - int(got.Pix[i+k])
				if d > tolerance || d < -tolerance {
					if bad == 0 {
						first = image.Pt(x, y)
					}
					bad++
					break
				}
			}
		}
	}
	if bad == 0 {
		return ""
	}
	return itoa(bad) + " pixels differ, the first at " + first.String()
}

// decode reads a PNG into an RGBA image.
func decode(t *testing.T, raw []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Rect, img, img.Bounds().Min, draw.Src)
	return rgba
}
