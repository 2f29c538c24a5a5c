package visit

import (
	"errors"
	"fmt"
	"regexp"
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
// candidate first, starting only where a word may start. A hint is any date
// the guided follow-up step accepts (dates.ParseFuture: 2026-12-09, 12月9日,
// 12/9, 明天, 下周二, 3天后, next tue ...), with or without a marker word
// (next, 跟进 ...), so the one-line form and the guided one read the same
// dates. Two kinds of trailing date stay in the notes unless a marker word
// says they are the follow-up: a bare dotted number (3.5, 12.9; see
// dottedNumber), and a date the follow-up step would refuse (a past day
// such as 2026-11-01 or 昨天, or one more than five years ahead), which is
// then an error wrapping ErrInvalid (and dates.ErrPastDate for a past day).
// A date after "every" or 每 (每周五) is a habit, not a day.
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
		if !unicode.IsSpace(r) && canStart(body, i) && !afterEvery(body[:i]) {
			d, err := readHint(body[i:], today)
			if err == nil {
				head := strings.TrimRightFunc(body[:i], isTagSeparator)
				return head, &d, body[i:], nil
			}
			if errors.Is(err, errNotFollowUp) {
				// A date that is not a follow-up; no shorter tail of it
				// (11-01 of 2026-11-01) is one either.
				return notes, nil, "", nil
			}
			if !errors.Is(err, errNoHint) {
				return notes, nil, "", fmt.Errorf("follow-up %q: %w", body[i:], err)
			}
		}
		i += size
	}
	return notes, nil, "", nil
}

// afterEvery reports whether head, the text before a candidate date, ends
// in a word that turns the date into a repetition: 每 (每周五, 每月1日) or
// "every".
func afterEvery(head string) bool {
	head = strings.ToLower(strings.TrimRightFunc(head, unicode.IsSpace))
	return strings.HasSuffix(head, "每") || strings.HasSuffix(head, "every")
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

var (
	errNoHint      = errors.New("no hint")
	errNotFollowUp = errors.New("a date, but not a follow-up")
)

// readHint reads s whole as a hint: an optional prefix marker, a date, an
// optional suffix marker. errNoHint means s is no date; errNotFollowUp a
// date that is not the follow-up (unmarked and refused by the follow-up
// step, or a dotted number without a prefix marker); any other error a
// marked date the follow-up step refuses.
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
	type try struct {
		text             string
		marked, prefixed bool
	}
	tries := []try{{core, marked, false}}
	for _, m := range hintPrefixes {
		if c, ok := strings.CutPrefix(core, m); ok {
			tries = append(tries, try{strings.TrimLeftFunc(c, isTagSeparator), true, true})
			break
		}
	}
	for _, t := range tries {
		if t.text == "" {
			continue
		}
		if !t.prefixed && dottedNumber(t.text) {
			// A suffix marker is not enough: "单价 3.5 再联系" is a price
			// and a promise to call, not a call on 3月5日.
			return time.Time{}, errNotFollowUp
		}
		// The guided step's parser, and Log's own rule on the day.
		d, err := dates.ParseFuture(t.text, today)
		if errors.Is(err, dates.ErrBadDate) {
			continue
		}
		if err == nil {
			d, err = CheckFollowUp(d, today)
		}
		if err != nil && !t.marked {
			return time.Time{}, errNotFollowUp
		}
		return d, err
	}
	return time.Time{}, errNoHint
}

// reDotted is a number with one dot and at most two digits on either side,
// as Normalize leaves it (１２．９ is 12.9).
var reDotted = regexp.MustCompile(`^\d{1,2} ?\. ?\d{1,2}$`)

// dottedNumber reports whether s, normalised, is a bare dotted number such
// as 3.5 or 12.9. dates.Parse reads it as month.day (3月5日), but at the end
// of a salesperson's notes it is far more often a price, a quantity or a
// version ("单价 3.5", "price 12.9"), so it is a follow-up only behind a
// prefix marker (next 12.9, 跟进 3.5, 下次 3.5). A dotted date with a year
// (2026.12.9) or another separator (12/9, 12-9) is not ambiguous and needs
// no marker.
func dottedNumber(s string) bool { return reDotted.MatchString(s) }
