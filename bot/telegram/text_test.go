package telegram

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitTextKeepsEveryCharacterWithinTheLimit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		text string
	}{
		{"short", "你好"},
		{"many lines", strings.Repeat("第一行 client visit notes\n", 400)},
		{"one huge line", strings.Repeat("长", 9000)},
		{"mixed", strings.Repeat("a", 4000) + "\n" + strings.Repeat("的", 5000) + "\nend"},
	}
	for _, c := range cases {
		parts := SplitText(c.text, MaxText)
		if strings.Join(parts, "") != c.text {
			t.Errorf("%s: parts do not add up to the text", c.name)
		}
		for i, p := range parts {
			if n := utf8.RuneCountInString(p); n > MaxText || n == 0 {
				t.Errorf("%s: part %d has %d characters", c.name, i, n)
			}
		}
	}
}
