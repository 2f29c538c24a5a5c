package report

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/chart"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// The report's chart has a stacked bar per salesperson (per team for every
// team), coloured by visit kind, and a team with nobody is refused.
func TestChartDrawsVisitsByKindPerPersonAndPerTeam(t *testing.T) {
	t.Parallel()
	b := setup(t, sh(2026, 6, 2, 10, 0, 0))
	east, west := b.team(t, "华东一部"), b.team(t, "华南")
	wang := b.person(t, access.Sales, east, "王小明", "zh", true)
	li := b.person(t, access.Sales, east, "李娜", "zh", true)
	b.person(t, access.Sales, west, "Tom", "en", true)
	c := b.client(t, east, wang, "杭州云栖", "active", sh(2025, 1, 1, 9, 0, 0))
	for _, kind := range []string{"onsite", "onsite", "phone", "video"} {
		b.visit(t, c, wang, kind, sh(2026, 5, 10, 10, 0, 0))
	}
	b.visit(t, c, li, "other", sh(2026, 5, 11, 10, 0, 0))

	team := b.build(t, east, may2026)
	img := decode(t, team, i18n.ZH)
	if w := img.Bounds().Dx(); w != chart.DefaultWidth {
		t.Errorf("width %d", w)
	}
	// The onsite colour (the first series) and the other one (the last) are both drawn.
	for _, c := range []int{0, 3} {
		if !hasColour(img, chart.Palette[c]) {
			t.Errorf("no bar in the colour of series %d", c)
		}
	}
	all := b.build(t, 0, may2026)
	if _, err := Chart(all, i18n.EN); err != nil {
		t.Fatalf("every team: %v", err)
	}
	empty := b.build(t, b.team(t, "新团队"), may2026)
	if _, err := Chart(empty, i18n.ZH); !errors.Is(err, ErrNothingToChart) {
		t.Errorf("a team with nobody: %v, want ErrNothingToChart", err)
	}
}

func decode(t *testing.T, r Report, l i18n.Lang) image.Image {
	t.Helper()
	data, err := Chart(r, l)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// hasColour reports whether any pixel of img is c.
func hasColour(img image.Image, c color.RGBA) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == c {
				return true
			}
		}
	}
	return false
}
