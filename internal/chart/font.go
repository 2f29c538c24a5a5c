package chart

import (
	_ "embed"
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
)

// notoSansSC is Noto Sans SC Regular cut down to the characters a Chinese
// sales team's names and the charts' texts use (font/subset.sh), about 3 MB
// instead of 10.
//
//go:embed font/NotoSansSC-Regular.subset.ttf
var notoSansSC []byte

// parsedFont parses the embedded font once. An *opentype.Font is safe for
// concurrent use; the faces made from it are not, so each drawing makes its
// own (newFace).
var parsedFont = sync.OnceValues(func() (*opentype.Font, error) {
	f, err := opentype.Parse(notoSansSC)
	if err != nil {
		return nil, fmt.Errorf("parse chart font: %w", err)
	}
	return f, nil
})

// hasGlyph reports whether the embedded font can draw r; a rune it cannot
// draw comes out as an empty box.
func hasGlyph(r rune) bool {
	f, err := parsedFont()
	if err != nil {
		return false
	}
	i, err := f.GlyphIndex(nil, r)
	return err == nil && i != 0
}

// newFace returns a face of the embedded font, size pixels to the em.
// Advances are rounded to whole pixels (HintingFull) so glyphs start on
// pixel boundaries and equal strings look alike wherever they are drawn.
func newFace(size float64) (font.Face, error) {
	f, err := parsedFont()
	if err != nil {
		return nil, err
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("chart font face: %w", err)
	}
	return face, nil
}
