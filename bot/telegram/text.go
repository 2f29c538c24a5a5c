package telegram

import (
	"strings"
	"unicode/utf8"
)

// MaxText is Telegram's limit on one message's text, in characters.
const MaxText = 4096

// MaxCaption is Telegram's limit on a photo's caption, in characters.
const MaxCaption = 1024

// SplitText cuts text into parts of at most limit characters, preferring
// line breaks, so a long text arrives whole instead of being refused.
func SplitText(text string, limit int) []string {
	if utf8.RuneCountInString(text) <= limit {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	n := 0
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
			n = 0
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		for utf8.RuneCountInString(line) > limit {
			flush()
			r := []rune(line)
			parts = append(parts, string(r[:limit]))
			line = string(r[limit:])
		}
		ln := utf8.RuneCountInString(line)
		if n+ln > limit {
			flush()
		}
		cur.WriteString(line)
		n += ln
	}
	flush()
	return parts
}
