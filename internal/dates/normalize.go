package dates

import (
	"strings"
	"unicode"
)

// Normalize returns s the way Parse reads it: full-width ASCII (digits,
// letters, punctuation such as ／－．：＋) and the ideographic space mapped
// to ASCII, lower case, runs of white space collapsed to one space and the
// ends trimmed. Callers that look for words around a date (the quick visit
// form) use it to see the same text Parse sees.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsSpace(r) {
			pendingSpace = b.Len() > 0
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
