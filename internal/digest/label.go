package digest

import (
	"strings"
	"unicode"

	"github.com/golang/freetype/truetype"
	"github.com/mozillazg/go-pinyin"
)

// compoundSurnames are the two-character family names common enough to
// meet in a sales team; the rest of a name after them is the given name.
var compoundSurnames = map[string]bool{
	"欧阳": true, "司马": true, "上官": true, "诸葛": true, "东方": true, "皇甫": true,
	"慕容": true, "令狐": true, "司徒": true, "夏侯": true, "公孙": true, "端木": true,
}

// surnameReadings are family names read differently from their character's
// most common reading (单 is Shan as a name, not Dan).
var surnameReadings = map[rune]string{
	'单': "shan", '曾': "zeng", '仇': "qiu", '区': "ou", '解': "xie", '查': "zha",
	'朴': "piao", '乐': "yue", '翟': "zhai", '缪': "miao", '覃': "qin", '盖': "ge", '长': "chang",
}

// Label writes a name in letters font can draw, for the chart: each run of
// Han characters becomes pinyin written as a name ("王小明" -> "Wang
// Xiaoming", "欧阳娜娜" -> "Ouyang Nana"), other text is kept, and anything
// else font lacks becomes "?".
func Label(name string, font *truetype.Font) string {
	var out []string
	runes := []rune(strings.TrimSpace(name))
	for i := 0; i < len(runes); {
		j := i
		han := unicode.Is(unicode.Han, runes[i])
		for j < len(runes) && unicode.Is(unicode.Han, runes[j]) == han {
			j++
		}
		if han {
			out = append(out, hanName(runes[i:j]))
		} else {
			out = append(out, drawable(string(runes[i:j]), font))
		}
		i = j
	}
	return strings.Join(strings.Fields(strings.Join(out, " ")), " ")
}

// hanName writes a run of Han characters as a Chinese name in pinyin: the
// family name, then the given name as one word.
func hanName(rs []rune) string {
	syl := make([]string, len(rs))
	for i, r := range rs {
		syl[i] = syllable(r)
	}
	if s, ok := surnameReadings[rs[0]]; ok && len(rs) > 1 {
		syl[0] = s
	}
	cut := 1
	if len(rs) > 2 && compoundSurnames[string(rs[:2])] {
		cut = 2
	}
	if len(rs) == 1 {
		return title(syl[0])
	}
	return title(strings.Join(syl[:cut], "")) + " " + title(strings.Join(syl[cut:], ""))
}

// syllable is the toneless pinyin of one Han character, "?" when the
// dictionary does not know it.
func syllable(r rune) string {
	p := pinyin.LazyPinyin(string(r), pinyin.NewArgs())
	if len(p) == 0 || p[0] == "" {
		return "?"
	}
	return p[0]
}

// title capitalises the first letter.
func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// drawable replaces the runes font has no glyph for with "?".
func drawable(s string, font *truetype.Font) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if font != nil && font.Index(r) == 0 {
			return '?'
		}
		return r
	}, s)
}
