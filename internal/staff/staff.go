// Package staff keeps the people who use the bot: their roles, their teams,
// and the invites through which they join. A member is only ever created by
// redeeming an invite, so nobody can talk their way into the ledger.
package staff

import (
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Sentinel errors of the package.
var (
	// ErrNotFound is returned for a member or team that does not exist or
	// that the actor may not see.
	ErrNotFound = errors.New("staff: not found")
	// ErrInviteInvalid is returned for an invite code that is unknown, used
	// or expired: one error, so a guesser learns nothing.
	ErrInviteInvalid = errors.New("staff: invite invalid")
	// ErrAlreadyMember is returned when an active member redeems an invite;
	// the invite stays unused.
	ErrAlreadyMember = errors.New("staff: already a member")
	// ErrTeamExists is returned when a team of that name (in any case) exists.
	ErrTeamExists = errors.New("staff: team exists")
	// ErrInvalid is wrapped by every refusal of input that breaks a rule,
	// so a caller can tell "fix what you typed" from a failure with one
	// check; the three below say which rule.
	ErrInvalid = errors.New("staff: invalid input")
	// ErrInvalidName is returned for a team name that CheckTeamName
	// refuses; it wraps ErrInvalid.
	ErrInvalidName = fmt.Errorf("%w: team name", ErrInvalid)
	// ErrInvalidLang is returned for a language other than "zh" or "en"; it
	// wraps ErrInvalid.
	ErrInvalidLang = fmt.Errorf("%w: language", ErrInvalid)
	// ErrInvalidRole is returned for a role that is not one of access's
	// three; it wraps ErrInvalid.
	ErrInvalidRole = fmt.Errorf("%w: role", ErrInvalid)
)

// Member is one person on the staff.
type Member struct {
	ID         int64       `db:"id"`
	TelegramID int64       `db:"telegram_id"`
	ChatID     int64       `db:"chat_id"`
	Name       string      `db:"name"`
	Username   string      `db:"username"`
	Role       access.Role `db:"role"`
	TeamID     int64       `db:"team_id"`   // 0 for an admin without a team
	TeamName   string      `db:"team_name"` // "" when TeamID is 0
	Lang       string      `db:"lang"`      // "zh" or "en"
	Active     bool        `db:"active"`
	CreatedAt  time.Time   `db:"created_at"`
}

// Actor returns the member as the access rules see them.
func (m Member) Actor() access.Actor {
	return access.Actor{StaffID: m.ID, Role: m.Role, TeamID: m.TeamID}
}

// TelegramUser is who redeems an invite, as the Telegram edge saw them.
type TelegramUser struct {
	ID           int64
	ChatID       int64 // the private chat with the bot; 0 means the same as ID
	Name         string
	Username     string
	LanguageCode string // Telegram's language_code, e.g. "en-US", "zh-hans"
}

// Store reads and writes staff, teams and invites.
type Store struct {
	db        *pgxpool.Pool
	now       func() time.Time
	inviteTTL time.Duration
}

// NewStore returns a Store on db whose invites live for inviteTTL, measured
// by the clock now.
func NewStore(db *pgxpool.Pool, now func() time.Time, inviteTTL time.Duration) *Store {
	return &Store{db: db, now: now, inviteTTL: inviteTTL}
}

// memberSelect reads Member rows; callers append WHERE and ORDER clauses.
const memberSelect = `SELECT s.id, s.telegram_id, s.chat_id, s.name, s.username, s.role,
	coalesce(s.team_id, 0) AS team_id, coalesce(t.name, '') AS team_name,
	s.lang, s.active, s.created_at
	FROM staff s LEFT JOIN teams t ON t.id = s.team_id `
