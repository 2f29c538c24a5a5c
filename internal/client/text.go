package client

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The reasons a typed value is refused, wrapped beside the refusing
// package's own ErrInvalid, so that a chat can tell the user what to change
// in their own language.
var (
	// ErrControlChar: the text holds NUL (which PostgreSQL cannot store), another
	// C0 or C1 control character, or bytes that are not UTF-8. No one types
	// these; they come from copy and paste, and no retry of the same text
	// can succeed.
	ErrControlChar = errors.New("text holds a control character")
	// ErrNoLetters: a name has no letter or digit once normalised (only
	// punctuation, emoji or invisible characters such as U+200B), so no one
	// could read it or find it.
	ErrNoLetters = errors.New("name has no letters or digits")
	// ErrTooLong: the text is longer than its field allows.
	ErrTooLong = errors.New("text too long")
)

// CleanText is the rule for any text a person types, shared by every
// package that stores such text. It trims white space and invisible format
// characters (U+200B, U+FEFF ...) from the ends and refuses, wrapping
// ErrControlChar, text that is not UTF-8 or holds a control character that
// is not white space: NUL always, and the rest of C0, DEL and C1. The
// control characters that are white space break lines: a multi-line text
// keeps its tabs and line feeds and gets a line feed for each other one (CR
// LF, CR, VT, FF, NEL); in a one-line text each run of them becomes one
// space, the way a name typed on two lines was meant. "" is returned as is:
// whether a value is required is the caller's rule, like its length.
func CleanText(s string, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: not valid UTF-8", ErrControlChar)
	}
	if multiline {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a one-line text's pending folded space
	for i, r := range s {
		if unicode.IsControl(r) {
			switch {
			case !unicode.IsSpace(r):
				return "", fmt.Errorf("%w: U+%04X at byte %d", ErrControlChar, r, i)
			case !multiline:
				space = true
			case r == '\t':
				b.WriteByte('\t')
			default:
				b.WriteByte('\n')
			}
			continue
		}
		if space && !unicode.IsSpace(r) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimFunc(b.String(), blankEdge), nil
}

// blankEdge reports whether r may be trimmed from the ends of a text: white
// space and the invisible format characters (category Cf).
func blankEdge(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// CleanName is CleanText for a one-line name (of a client, a contact, a
// team, an occasion): it also refuses, wrapping ErrNoLetters, a name that
// holds no letter or digit after the same normalisation Normalize applies.
// A blank name is returned as "" without error (the caller requires it or
// not); one that only looked filled in (U+200B) is ErrNoLetters.
func CleanName(s string) (string, error) {
	v, err := CleanText(s, false)
	switch {
	case err != nil:
		return "", err
	case v == "" && strings.TrimSpace(s) == "":
		return "", nil
	case len(splitUnits(v)) == 0:
		return "", ErrNoLetters
	}
	return v, nil
}

// checkLength refuses, wrapping ErrTooLong, text over max characters.
func checkLength(field, v string, max int) error {
	if n := utf8.RuneCountInString(v); n > max {
		return fmt.Errorf("%w: %w: %s must be at most %d characters (got %d)", ErrInvalid, ErrTooLong, field, max, n)
	}
	return nil
}
