package chart

import (
	"image/color"
	"math"
)

// Palette colours the series in order: the Okabe-Ito colours, which people
// with the common colour-vision deficiencies still tell apart, darkest and
// most distinct first.
var Palette = []color.RGBA{
	{0x00, 0x72, 0xb2, 0xff}, // blue
	{0xe6, 0x9f, 0x00, 0xff}, // orange
	{0x00, 0x9e, 0x73, 0xff}, // bluish green
	{0xd5, 0x5e, 0x00, 0xff}, // vermilion
	{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	{0x56, 0xb4, 0xe9, 0xff}, // sky blue
	{0xf0, 0xe4, 0x42, 0xff}, // yellow
}

// The chart's own colours: near-black text on white (contrast about 15:1),
// secondary text still above 6:1, lines light enough to stay behind bars.
var (
	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x1f, 0x23, 0x28, 0xff}
	mutedInk   = color.RGBA{0x57, 0x60, 0x6a, 0xff}
	gridLine   = color.RGBA{0xd8, 0xdc, 0xe0, 0xff}
	axisLine   = color.RGBA{0x57, 0x60, 0x6a, 0xff}
	zebra      = color.RGBA{0xf3, 0xf5, 0xf7, 0xff}
	// emptyStub marks a stacked row whose total is zero: no series owns it.
	emptyStub = color.RGBA{0x8c, 0x95, 0x9f, 0xff}
)

// textOn is the colour of a label written inside a bar of colour c: white
// or ink, whichever contrasts more with it (WCAG's contrast ratio).
func textOn(c color.RGBA) color.RGBA {
	l := luminance(c)
	if (l+0.05)/(luminance(ink)+0.05) > (luminance(background)+0.05)/(l+0.05) {
		return ink
	}
	return background
}

// luminance is c's relative luminance (WCAG 2), 0 for black to 1 for white.
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
