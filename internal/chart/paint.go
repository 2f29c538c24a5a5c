package chart

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// Text sizes in pixels to the em, for a DefaultWidth chart seen on a phone:
// the smallest, 24, is about 9 points there.
const (
	titleSize    = 40
	subtitleSize = 28
	labelSize    = 30 // names, legend
	valueSize    = 26 // values after bars, the value axis's name
	tickSize     = 24
)

// painter draws one chart: the image and a face per text size. Faces keep
// buffers, so a painter belongs to one drawing at a time.
type painter struct {
	img                                 *image.RGBA
	title, subtitle, label, value, tick font.Face
}

func newPainter() (*painter, error) {
	p := &painter{}
	for _, f := range []struct {
		face *font.Face
		size float64
	}{{&p.title, titleSize}, {&p.subtitle, subtitleSize}, {&p.label, labelSize}, {&p.value, valueSize}, {&p.tick, tickSize}} {
		face, err := newFace(f.size)
		if err != nil {
			return nil, err
		}
		*f.face = face
	}
	return p, nil
}

// fill paints r in c.
func (p *painter) fill(r image.Rectangle, c color.RGBA) {
	draw.Draw(p.img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// Text alignments: where x is, relative to the text.
const (
	alignLeft = iota
	alignCenter
	alignRight
)

// text writes s in face and colour c with its baseline at y, x being its
// left end, centre or right end as align says.
func (p *painter) text(face font.Face, s string, x, y int, align int, c color.RGBA) {
	w := width(face, s)
	switch align {
	case alignCenter:
		x -= w / 2
	case alignRight:
		x -= w
	}
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// width is how many pixels s takes in face.
func width(face font.Face, s string) int {
	return font.MeasureString(face, s).Ceil()
}

// capHeight is the height of a capital letter or a digit in face: a text
// whose baseline is at mid + capHeight/2 looks centred on mid.
func capHeight(face font.Face) int {
	return face.Metrics().CapHeight.Round()
}

// lineHeight is the distance between two lines of face.
func lineHeight(face font.Face) int {
	return face.Metrics().Height.Ceil()
}

// clip cuts s to at most w pixels in face, ending it with an ellipsis when
// cut: "…", which the font draws centred as Chinese writes it, after Han
// text, and "..." on the baseline after Latin.
func clip(face font.Face, s string, w int) string {
	if width(face, s) <= w {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := strings.TrimRightFunc(string(rs[:n]), unicode.IsSpace)
		if last := []rune(t); len(last) > 0 && last[len(last)-1] < 0x2000 {
			t += "..."
		} else {
			t += "…"
		}
		if width(face, t) <= w {
			return t
		}
	}
	return "…"
}

// clean makes s one line of drawable text: composed (NFC, so "e" and a
// combining accent become "é"), control and format characters (zero-width
// joiners, variation selectors, bidi marks) dropped, runs of white space one
// space. A rune the font lacks is drawn as the font's empty box.
func clean(s string) string {
	s = norm.NFC.String(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
