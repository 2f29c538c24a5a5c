package staff

import (
	"fmt"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

// MaxTeamName is the longest team name, in characters, as the schema's
// CHECK allows; the chat quotes it in its prompts.
const MaxTeamName = 100

// CheckTeamName returns a team name as CreateTeam stores it: cleaned by the
// rule for every typed name (client.CleanName: one line, no control
// characters, the ends trimmed of white space and invisible characters, at
// least one letter or digit), 1 to MaxTeamName characters. A refusal wraps
// ErrInvalidName (so ErrInvalid) and, when there is one, the reason a chat
// can explain: client.ErrControlChar, client.ErrNoLetters or
// client.ErrTooLong.
func CheckTeamName(name string) (string, error) {
	v, err := client.CleanName(name)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidName, err)
	}
	if v == "" {
		return "", fmt.Errorf("%w: required", ErrInvalidName)
	}
	if n := utf8.RuneCountInString(v); n > MaxTeamName {
		return "", fmt.Errorf("%w: %w: at most %d characters (got %d)", ErrInvalidName, client.ErrTooLong, MaxTeamName, n)
	}
	return v, nil
}

// memberNames returns the name and username a member is stored and shown
// under: their Telegram ones cleaned by the rule for every name
// (client.CleanName). Unlike a team name they are never refused, since the
// person did not type them to us and could not fix them at a step, and
// refusing would lock them out of a valid invite: a username the rule
// refuses is dropped, and a name it refuses (only emoji or invisible
// characters, a control character) falls back to the username, or without
// one to the Telegram id, so colleagues still see who it is.
func memberNames(u TelegramUser) (name, username string) {
	if v, err := client.CleanName(u.Username); err == nil {
		username = v
	}
	if v, err := client.CleanName(u.Name); err == nil && v != "" {
		return v, username
	}
	if username != "" {
		return username, username
	}
	return fmt.Sprintf("#%d", u.ID), username
}
