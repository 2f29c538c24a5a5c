package visit

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

var (
	// ErrNoSeparator is returned by ParseQuick when nothing separates the
	// client from the notes; the caller asks for them step by step instead.
	ErrNoSeparator = errors.New("no separator between client and notes")
	// ErrTooLong is returned by ParseQuick for input over MaxQuick characters.
	ErrTooLong = errors.New("quick visit too long")
)

// MaxQuick is the longest one-line visit ParseQuick reads, in characters.
const MaxQuick = 4000

// Quick is a visit written on one line: "Acme: 电话 谈了报价，下周二跟进".
type Quick struct {
	ClientQuery string     // what names the client, to search for
	Notes       string     // the notes, without the kind word and follow-up hint
	Kind        Kind       // "" when the line does not say
	FollowUpOn  *time.Time // a day, 00:00 UTC; nil when the line does not say
}

// separators divide the client from the notes; the earliest one wins, so a
// colon inside the notes (next: 12-01) is left alone.
var separators = []string{":", "：", " - ", " — ", " – "}

// ParseQuick reads what follows /visit: "<client>: <notes>" (also "：" or
// " - "). A kind word opening the notes (电话, phone, call, 视频, video, 上门,
// 拜访, onsite, visit) sets Kind. A date ending the notes, in any form the
// guided follow-up step accepts (12月9日, 2026-12-09, 12/9, 明天, 下周二,
// next tue, 3d ...), alone or with a marker word (next 2w, follow up 3d,
// 3天后跟进, 跟进 下周, next: 2026-12-01), sets FollowUpOn and is cut from
// the notes. A bare dotted number (单价 3.5, price 12.9) is a date only
// behind a marker (next 12.9, 跟进 3.5); see takeHint for the dates that
// stay. A marked hint naming a day before today wraps dates.ErrPastDate.
// Without a separator it returns ErrNoSeparator; an empty client or empty
// notes wrap ErrInvalid, and so does text with a control character (with
// client.ErrControlChar); over MaxQuick characters, ErrTooLong.
func ParseQuick(text string, today time.Time) (Quick, error) {
	q, _, err := parseQuick(text, today)
	return q, err
}

// parseQuick is ParseQuick that also returns the hint text it removed.
func parseQuick(text string, today time.Time) (Quick, string, error) {
	if n := utf8.RuneCountInString(text); n > MaxQuick {
		return Quick{}, "", fmt.Errorf("quick visit has %d characters, at most %d: %w", n, MaxQuick, ErrTooLong)
	}
	text, err := client.CleanText(text, true)
	if err != nil {
		return Quick{}, "", fmt.Errorf("quick visit: %w: %w", ErrInvalid, err)
	}
	name, notes, ok := splitClient(text)
	if !ok {
		return Quick{}, "", ErrNoSeparator
	}
	if name = strings.TrimSpace(name); name == "" {
		return Quick{}, "", fmt.Errorf("quick visit: no client before the separator: %w", ErrInvalid)
	}
	notes, due, hint, err := takeHint(strings.TrimSpace(notes), today)
	if err != nil {
		return Quick{}, "", fmt.Errorf("quick visit: %w", err)
	}
	kind, notes := takeKind(notes)
	if notes == "" {
		return Quick{}, "", fmt.Errorf("quick visit: no notes: %w", ErrInvalid)
	}
	return Quick{ClientQuery: name, Notes: notes, Kind: kind, FollowUpOn: due}, hint, nil
}

func splitClient(s string) (client, notes string, ok bool) {
	at, width := -1, 0
	for _, sep := range separators {
		if i := strings.Index(s, sep); i >= 0 && (at < 0 || i < at) {
			at, width = i, len(sep)
		}
	}
	if at < 0 {
		return "", "", false
	}
	return s[:at], s[at+width:], true
}

// kindWords open the notes to say the kind; longer words first, so that
// "phone call" is one word and not "phone" followed by notes.
var kindWords = []struct {
	word string
	kind Kind
}{
	{"phone call", Phone}, {"video call", Video}, {"on-site", OnSite}, {"on site", OnSite},
	{"onsite", OnSite}, {"visit", OnSite}, {"phone", Phone}, {"call", Phone}, {"video", Video},
	{"电话", Phone}, {"视频", Video}, {"上门", OnSite}, {"拜访", OnSite},
}

// takeKind reads a kind word opening the notes. Followed by a space or a
// separator it is a tag and is cut, unless nothing else would remain;
// a Chinese word running into the text (电话沟通了报价) sets the kind and
// stays, since the sentence needs it.
func takeKind(notes string) (Kind, string) {
	for _, kw := range kindWords {
		if len(notes) < len(kw.word) || !strings.EqualFold(notes[:len(kw.word)], kw.word) {
			continue
		}
		rest := notes[len(kw.word):]
		next, _ := utf8.DecodeRuneInString(rest)
		switch {
		case rest == "":
			return kw.kind, notes
		case unicode.IsSpace(next) || strings.ContainsRune(tagSeparators, next):
			if cut := strings.TrimLeftFunc(rest, isTagSeparator); cut != "" {
				return kw.kind, cut
			}
			return kw.kind, notes
		case !isWordRune(next) || unicode.Is(unicode.Han, []rune(kw.word)[0]):
			return kw.kind, notes
		}
	}
	return "", notes
}

const tagSeparators = ":：,，、;；-—–|/"

func isTagSeparator(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(tagSeparators, r) }

// isWordRune reports whether r is part of a word written with spaces
// between words (Latin letters, digits): two such runes side by side cannot
// be split. Chinese characters can.
func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.Is(unicode.Han, r)
}
