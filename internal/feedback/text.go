package feedback

import (
	"fmt"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

// CheckBody returns a feedback body as Create stores it: cleaned by the
// rule for every typed text (client.CleanText: several lines allowed, the
// ends trimmed of white space and invisible characters), 1 to MaxText
// characters. A refusal wraps ErrInvalid and, when there is one, the
// reason a chat can explain (client.ErrControlChar, client.ErrTooLong):
// the chat calls it at the step that receives the text, and Create calls it
// again so that no caller reaches PostgreSQL with a NUL.
func CheckBody(s string) (string, error) { return checkText("body", s) }

// CheckResolution returns what was done about a record as Resolve stores
// it, by the same rule as CheckBody.
func CheckResolution(s string) (string, error) { return checkText("resolution", s) }

func checkText(field, s string) (string, error) {
	v, err := client.CleanText(s, true)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrInvalid, field, err)
	}
	if v == "" {
		// Also text of only invisible characters (U+200B): it looked
		// filled in, but there is nothing to read.
		return "", fmt.Errorf("%w: %s is required", ErrInvalid, field)
	}
	if n := utf8.RuneCountInString(v); n > MaxText {
		return "", fmt.Errorf("%w: %w: %s must be at most %d characters (got %d)", ErrInvalid, client.ErrTooLong, field, MaxText, n)
	}
	return v, nil
}
