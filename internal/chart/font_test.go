package chart

import (
	"image"
	"testing"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestFontDrawsHanDigitsLatinAndFullWidthPunctuation draws every sample
// character alone and checks that the font has its own glyph for it (not
// the empty box) and that the glyph leaves ink.
func TestFontDrawsHanDigitsLatinAndFullWidthPunctuation(t *testing.T) {
	t.Parallel()
	samples := "王小明欧阳娜娜上官婉儿拜访次数华东一部考核满意度" + // Han
		"朱镕基吉喆陶喆王堃周玥陳張黃劉" + // names beyond GB2312, traditional forms
		"0123456789" + "ABCXYZabcxyz" + "éüñçÅØß" +
		"，。、：；！？（）【】《》「」“”‘’…—·％＋－￥～" + // full-width and CJK punctuation
		"%+-.,:;!?()[]/&@#*"
	face, err := newFace(40)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range samples {
		if !hasGlyph(r) {
			t.Errorf("the font has no glyph for %q (U+%04X)", r, r)
			continue
		}
		if n := inkOf(face, r); n < 8 {
			t.Errorf("%q (U+%04X) draws %d pixels of ink at 40px", r, r, n)
		}
	}
	for _, r := range "🙂\U00020000" { // an emoji, a CJK Extension B character
		if hasGlyph(r) {
			t.Errorf("hasGlyph(%q) = true, the subset has no such glyph", r)
		}
	}
}

// TestFontHasEveryGB2312Hanzi walks GB2312's 6,763 hanzi (rows 16 to 87).
func TestFontHasEveryGB2312Hanzi(t *testing.T) {
	t.Parallel()
	dec := simplifiedchinese.GBK.NewDecoder() // GBK is a superset of GB2312
	n, missing := 0, []rune{}
	for hi := 0xb0; hi <= 0xf7; hi++ {
		for lo := 0xa1; lo <= 0xfe; lo++ {
			if hi == 0xd7 && lo > 0xf9 { // the five empty cells of row 55
				continue
			}
			s, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				t.Fatal(err)
			}
			r := []rune(string(s))[0]
			if !unicode.Is(unicode.Han, r) {
				t.Fatalf("GB2312 %02X%02X is %q, not a hanzi", hi, lo, r)
			}
			n++
			if !hasGlyph(r) {
				missing = append(missing, r)
			}
		}
	}
	if n != 6763 || len(missing) > 0 {
		t.Errorf("%d GB2312 hanzi, %d without a glyph: %q", n, len(missing), string(missing))
	}
}

// inkOf counts the pixels r covers when drawn alone.
func inkOf(face font.Face, r rune) int {
	img := image.NewAlpha(image.Rect(0, 0, 80, 80))
	d := font.Drawer{Dst: img, Src: image.Opaque, Face: face, Dot: fixed.P(10, 60)}
	d.DrawString(string(r))
	n := 0
	for _, a := range img.Pix {
		if a > 0x80 {
			n++
		}
	}
	return n
}
