package visit

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// hintWindow is how many characters at the end of the notes may hold a
// follow-up hint: a date (at most 64) and its marker words.
const hintWindow = 80

// Words that mark a follow-up hint, normalised (lower case, half-width).
// A prefix stands before the date (next 2w, 跟进 下周), a suffix after it
// (3天后跟进). Longer words first.
var (
	hintPrefixes = []string{"follow up", "follow-up", "followup", "next", "下次跟进", "下次", "跟进", "回访"}
	hintSuffixes = []string{"follow up", "follow-up", "再跟进", "跟进", "再回访", "回访", "再联系"}
)

// takeHint finds a follow-up hint ending the notes and returns the notes
// without it, the day and the hint as written. It tries the longest
// candidate first, starting only where a word may start. Without a marker
// word only forward-looking dates count (下周二, 3天后, 明天, next tue),
// so notes that merely end in a date keep it. A marked hint naming a past
// day is an error wrapping dates.ErrPastDate.
func takeHint(notes string, today time.Time) (string, *time.Time, string, error) {
	body := strings.TrimRightFunc(notes, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("。.!！~～", r)
	})
	from := len(body)
	for i := 0; i < hintWindow && from > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(body[:from])
		from -= size
	}
	for i := from; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		if !unicode.IsSpace(r) && canStart(body, i) {
			d, err := readHint(body[i:], today)
			if err == nil {
				head := strings.TrimRightFunc(body[:i], isTagSeparator)
				return head, &d, body[i:], nil
			}
			if errors.Is(err, dates.ErrPastDate) {
				return notes, nil, "", fmt.Errorf("follow-up %q: %w", body[i:], err)
			}
		}
		i += size
	}
	return notes, nil, "", nil
}

// canStart reports whether a hint may start at byte i of s: not inside a
// Latin word or number.
func canStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(prev) || !isWordRune(next)
}

var errNoHint = errors.New("no hint")

// readHint reads s whole as a hint: an optional prefix marker, a date, an
// optional suffix marker.
func readHint(s string, today time.Time) (time.Time, error) {
	core := dates.Normalize(s)
	marked := false
	for _, m := range hintSuffixes {
		if c, ok := strings.CutSuffix(core, m); ok {
			core, marked = strings.TrimRightFunc(c, isTagSeparator), true
			break
		}
	}
	// The whole text first, so "next tue" keeps its meaning (Tuesday next
	// week) rather than becoming "tue" behind the marker "next".
	tries := []struct {
		text   string
		marked bool
	}{{core, marked}}
	for _, m := range hintPrefixes {
		if c, ok := strings.CutPrefix(core, m); ok {
			tries = append(tries, struct {
				text   string
				marked bool
			}{strings.TrimLeftFunc(c, isTagSeparator), true})
			break
		}
	}
	for _, t := range tries {
		if t.text == "" || (!t.marked && !forward(t.text)) {
			continue
		}
		d, err := dates.Parse(t.text, today)
		if err != nil {
			continue
		}
		if d.Before(today) {
			return time.Time{}, dates.ErrPastDate
		}
		return d, nil
	}
	return time.Time{}, errNoHint
}

// forward reports whether a date said without a marker word clearly points
// ahead, so that it can be read as a follow-up.
func forward(s string) bool {
	switch s {
	case "明天", "明日", "后天", "大后天", "tomorrow":
		return true
	}
	return strings.HasPrefix(s, "下") || strings.HasPrefix(s, "next ") || strings.HasSuffix(s, "后")
}
