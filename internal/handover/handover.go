package handover

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// Errors of the package; the chat turns each into a sentence.
var (
	// ErrNotFound is returned for a client or person that does not exist or
	// that the actor may not see.
	ErrNotFound = errors.New("handover: not found")
	// ErrReceiver is returned when the chosen new owner may not receive the
	// clients: inactive, without a team, the person handing over, or in a
	// team the actor does not run.
	ErrReceiver = errors.New("handover: receiver not allowed")
	// ErrAlreadyOwner is returned when the new owner already owns the client.
	ErrAlreadyOwner = errors.New("handover: already the owner")
	// ErrNoReceiver is returned for a deactivation that leaves clients or
	// open items behind without anyone to receive them.
	ErrNoReceiver = errors.New("handover: nobody to receive")
)

// Store hands clients over.
type Store struct {
	db    *pgxpool.Pool
	staff *staff.Store
	now   func() time.Time
}

// New returns a Store on db; staff deactivates members (in the hand-over's
// transaction), now is the clock.
func New(db *pgxpool.Pool, st *staff.Store, now func() time.Time) *Store {
	return &Store{db: db, staff: st, now: now}
}

// Moved is one client handed over, or on a deactivation one whose open items
// held by the departing person moved to someone else (Owner false).
type Moved struct {
	ClientID   int64
	Name       string
	From, To   int64 // the person the client or its items came from, and went to
	FromTeam   int64
	ToTeam     int64
	Owner      bool // the client itself changed hands
	Feedback   int  // open feedback reassigned
	FollowUps  int  // open follow-ups handed on
	Reviews    int  // review reminder rows moved
	Winbacks   int  // churn win-back assignments moved
	NextReview *time.Time
}

// Result is what one hand-over did.
type Result struct {
	Moved []Moved
	// Names are the receivers' names by id, for the screen that reports it.
	Names map[int64]string
	// Deactivated is set when a deactivation took the person off the staff
	// (false: they were inactive already).
	Deactivated bool
}

// Clients counts the clients that changed hands.
func (r Result) Clients() int {
	n := 0
	for _, m := range r.Moved {
		if m.Owner {
			n++
		}
	}
	return n
}

// person is a staff member as a hand-over needs them.
type person struct {
	ID     int64       `db:"id"`
	Name   string      `db:"name"`
	Role   access.Role `db:"role"`
	TeamID int64       `db:"team_id"`
	ChatID int64       `db:"chat_id"`
	Lang   string      `db:"lang"`
	Active bool        `db:"active"`
}

const personSelect = `SELECT id, name, role, coalesce(team_id, 0) AS team_id, chat_id, lang, active FROM staff `

func loadPerson(ctx context.Context, tx pgx.Tx, id int64) (person, error) {
	rows, err := tx.Query(ctx, personSelect+`WHERE id = $1`, id)
	if err != nil {
		return person{}, fmt.Errorf("load staff: %w", err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[person])
	if errors.Is(err, pgx.ErrNoRows) {
		return person{}, ErrNotFound
	}
	if err != nil {
		return person{}, fmt.Errorf("load staff: %w", err)
	}
	return p, nil
}

// receiver loads the chosen new owner and checks them: active, in a team,
// and, for a manager, in the manager's own team.
func receiver(ctx context.Context, tx pgx.Tx, actor access.Actor, id int64) (person, error) {
	to, err := loadPerson(ctx, tx, id)
	if errors.Is(err, ErrNotFound) {
		return person{}, ErrReceiver
	}
	if err != nil {
		return person{}, err
	}
	if !to.Active || to.TeamID == 0 || !actor.CanSee(to.TeamID) || (!actor.SeesAll() && to.TeamID != actor.TeamID) {
		return person{}, ErrReceiver
	}
	return to, nil
}

// mayHandOver is the first rule: salespeople never hand over.
func mayHandOver(actor access.Actor) error {
	if actor.Role != access.Manager && actor.Role != access.Admin {
		return access.ErrForbidden
	}
	return nil
}

// originKey is the base of the notices' outbox keys: the update that asked
// for the hand-over, so a re-run of it adds no second notice.
func (s *Store) originKey(actor access.Actor, origin int64) string {
	if origin > 0 {
		return fmt.Sprintf("u%d", origin)
	}
	return fmt.Sprintf("a%d:t%d", actor.StaffID, s.now().UnixNano())
}
