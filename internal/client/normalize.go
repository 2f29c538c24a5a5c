package client

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxInputRunes bounds the work done on one string: names are at most 200
// characters, so anything past this is noise (or an attack on the tokeniser).
const maxInputRunes = 256

// unit is one searchable piece of a name: a single Han character, or a run
// of other letters and digits (a Latin word, a number).
type unit struct {
	text string
	han  bool
}

// splitUnits folds width and case (NFKC, lower case), drops spaces and
// punctuation and cuts s into units.
func splitUnits(s string) []unit {
	if utf8.RuneCountInString(s) > maxInputRunes {
		s = string([]rune(s)[:maxInputRunes])
	}
	// NFKC folds width; lower case after it, then NFKC again because
	// lowering can leave a letter and a combining mark that compose.
	s = norm.NFKC.String(strings.ToLower(norm.NFKC.String(strings.ToValidUTF8(s, " "))))
	var units []unit
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			units = append(units, unit{text: word.String()})
			word.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			units = append(units, unit{text: string(r), han: true})
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		case unicode.Is(unicode.Mn, r) && word.Len() > 0:
			word.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return units
}

// isHanSuffix reports whether s is a legal-form ending of a Chinese company
// name: it says nothing about which company it is.
func isHanSuffix(s string) bool {
	switch s {
	case "股份有限公司", "有限责任公司", "集团公司", "股份公司", "有限公司", "公司", "集团":
		return true
	}
	return false
}

// isLatinSuffix reports whether w is a legal-form word of a Latin company name.
func isLatinSuffix(w string) bool {
	switch w {
	case "co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation",
		"llc", "plc", "gmbh", "group":
		return true
	}
	return false
}

// stripSuffixes removes legal-form endings (有限公司, Co., Ltd. ...) from the
// end of units, repeatedly. A name that is nothing but a legal form is kept.
func stripSuffixes(units []unit) []unit {
	out := units
	for changed := true; changed && len(out) > 0; {
		changed = false
		last := out[len(out)-1]
		if !last.han {
			if isLatinSuffix(last.text) {
				out, changed = out[:len(out)-1], true
			}
			continue
		}
		// Longest ending first: 股份有限公司 before 有限公司 before 公司.
		for n := min(6, len(out)); n >= 2; n-- {
			if isHanSuffix(hanText(out[len(out)-n:])) {
				out, changed = out[:len(out)-n], true
				break
			}
		}
	}
	if len(out) == 0 {
		return units
	}
	return out
}

func hanText(units []unit) string {
	var b strings.Builder
	for _, u := range units {
		if !u.han {
			return ""
		}
		b.WriteString(u.text)
	}
	return b.String()
}

func joinUnits(units []unit) string {
	var b strings.Builder
	for _, u := range units {
		b.WriteString(u.text)
	}
	return b.String()
}

// nameUnits is splitUnits followed by stripSuffixes: the units of a company
// name that identify the company.
func nameUnits(name string) []unit { return stripSuffixes(splitUnits(name)) }

// Normalize returns the form of a company name used to find duplicates:
// width and case folded, spaces and punctuation removed, legal-form endings
// (有限公司, 股份有限公司, 公司, 集团, Co., Ltd., Inc. ...) dropped, so that
// "华为技术有限公司" and "华为技术" or "ACME Trading Co., Ltd." and
// "acme trading inc" compare equal.
func Normalize(name string) string { return joinUnits(nameUnits(name)) }

// digitsOf returns the ASCII digits of s (after width folding), the form
// phone numbers are compared in.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// phoneTail is the part of a phone number that identifies it: its last 11
// digits, so "+86 138-0013-8000" and "13800138000" are the same phone.
func phoneTail(digits string) string {
	if len(digits) > 11 {
		return digits[len(digits)-11:]
	}
	return digits
}
