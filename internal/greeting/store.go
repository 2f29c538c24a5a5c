package greeting

import (
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// ErrInvalid is wrapped by every refusal of input that breaks a rule: a bad
// date or name, a template that is empty, too long or has an unknown
// placeholder, an unknown occasion or language, or an unknown invite code.
var ErrInvalid = errors.New("invalid greeting data")

// ErrNotFound is returned for a custom date or contact that does not exist
// or that the actor may not see; the two are not told apart.
var ErrNotFound = errors.New("not found")

// ErrExpired is returned by Redeem for an invite past its expiry.
var ErrExpired = errors.New("invite expired")

// ErrUsed is returned by Redeem for an invite another chat already used.
var ErrUsed = errors.New("invite already used")

// DefaultTiers are the client tiers greeted when none are configured.
var DefaultTiers = []string{"strategic", "key"}

// inviteTTL is how long a contact's link stays valid: long enough for a
// salesperson to forward it and the contact to open it at leisure.
const inviteTTL = 30 * 24 * time.Hour

// Store runs the greetings job and keeps custom dates, templates and the
// contacts' subscriptions.
type Store struct {
	db    *pgxpool.Pool
	now   func() time.Time
	loc   *time.Location
	tiers []string
	log   *slog.Logger // nil: the job logs nothing
}

// NewStore returns a Store on db. now is the clock, loc the team's time zone
// in which "today" is computed, and tiers the client tiers whose contacts
// are greeted (nil or empty means DefaultTiers).
func NewStore(db *pgxpool.Pool, now func() time.Time, loc *time.Location, tiers []string) *Store {
	if loc == nil {
		loc = time.UTC
	}
	if len(tiers) == 0 {
		tiers = DefaultTiers
	}
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, loc: loc, tiers: append([]string(nil), tiers...)}
}

// today is the current calendar day in the store's zone, at 00:00 UTC.
func (s *Store) today() time.Time { return dates.Today(s.now(), s.loc) }

// adminOnly refuses everyone but admins: custom dates and templates speak
// for the whole company.
func adminOnly(actor access.Actor) error {
	if actor.Role != access.Admin {
		return access.ErrForbidden
	}
	return nil
}

// Custom is a date an admin added: yearly (Year 0) or once.
type Custom struct {
	ID        int64     `db:"id"`
	NameZh    string    `db:"name_zh"`
	NameEn    string    `db:"name_en"`
	Month     int       `db:"month"`
	Day       int       `db:"day"`
	Year      int       `db:"year"` // 0: every year
	CreatedBy int64     `db:"created_by"`
	CreatedAt time.Time `db:"created_at"`
}

// Template is the wording of one occasion in one language.
type Template struct {
	Occasion string // a built-in key, "custom" or "birthday"
	Lang     string // zh or en
	Zh, En   string // the occasion's name, for listing
	Body     string
	Default  bool // no admin wording: Body is the built-in default
}

// Subscriber is a contact who redeemed their invite.
type Subscriber struct {
	ContactID  int64
	Name       string
	ClientName string
	Lang       string
}
