package client

import (
	"strings"

	"github.com/mozillazg/go-pinyin"
)

// syllable returns the toneless pinyin of a Han character in go-pinyin's
// Normal style ("华" -> "hua", "绿" -> "lv"), or "" when the dictionary does
// not know it. It reads go-pinyin's dictionary directly and strips the tone
// marks itself: pinyin.SinglePinyin gives the same answer (a test checks
// every character) but is ten times slower, which matters when a million
// names are indexed.
func syllable(r rune) string {
	v, ok := pinyin.PinyinDict[int(r)]
	if !ok {
		return ""
	}
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i] // the most common reading
	}
	return strings.Map(toneless, v)
}

// toneless maps a pinyin letter with a tone mark to the plain letter, as
// go-pinyin's Normal style does (ü is written v).
func toneless(r rune) rune {
	switch r {
	case 'ā', 'á', 'ǎ', 'à':
		return 'a'
	case 'ē', 'é', 'ě', 'è':
		return 'e'
	case 'ī', 'í', 'ǐ', 'ì':
		return 'i'
	case 'ō', 'ó', 'ǒ', 'ò':
		return 'o'
	case 'ū', 'ú', 'ǔ', 'ù':
		return 'u'
	case 'ü', 'ǖ', 'ǘ', 'ǚ', 'ǜ':
		return 'v'
	case 'ń', 'ň', 'ǹ':
		return 'n'
	case 'ḿ':
		return 'm'
	}
	return r
}

// phrasePinyin gives the reading of two-character words, common in company
// names, whose characters are read differently from their most common
// reading (银行 is yin hang, not yin xing).
func phrasePinyin(word string) (string, string, bool) {
	switch word {
	case "银行":
		return "yin", "hang", true
	case "行业":
		return "hang", "ye", true
	case "商行":
		return "shang", "hang", true
	case "车行":
		return "che", "hang", true
	case "琴行":
		return "qin", "hang", true
	case "重庆":
		return "chong", "qing", true
	case "厦门":
		return "xia", "men", true
	case "音乐":
		return "yin", "yue", true
	case "会计":
		return "kuai", "ji", true
	}
	return "", "", false
}

// asciiForms returns, for each unit, the text a Latin keyboard types for it:
// the pinyin of a Han character, the word itself otherwise.
func asciiForms(units []unit) []string {
	out := make([]string, len(units))
	for i, u := range units {
		if !u.han {
			out[i] = u.text
			continue
		}
		if out[i] != "" { // set by a phrase starting at i-1
			continue
		}
		if i+1 < len(units) && units[i+1].han {
			if a, b, ok := phrasePinyin(u.text + units[i+1].text); ok {
				out[i], out[i+1] = a, b
				continue
			}
		}
		for _, r := range u.text {
			out[i] = syllable(r)
		}
	}
	return out
}
