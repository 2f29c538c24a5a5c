package value

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/credit"
)

// Errors of the review list and of Value.
var (
	// ErrNotFound is returned for a suggestion or client that does not
	// exist or that the actor may not see: the two are not told apart.
	ErrNotFound = errors.New("client value not found")
	// ErrDecided is returned when another decision was taken on the
	// suggestion first; the suggestion returned with it says which.
	ErrDecided = errors.New("tier suggestion already decided")
	// ErrOutdated is returned for a suggestion that no longer applies: its
	// rule stopped holding, or the client's tier changed since.
	ErrOutdated = errors.New("tier suggestion no longer applies")
	// ErrInvalid is returned for a decision that is neither Change nor Keep.
	ErrInvalid = errors.New("invalid tier decision")
)

// Clients is what the review needs of the client store (client.Store):
// Update changes a tier, checking the actor's rights again and auditing it
// exactly as a tier edited in the chat; QueueReceivables reads a client's
// open receivables as the card does, for its credit standing.
type Clients interface {
	Update(ctx context.Context, actor access.Actor, id int64, p client.Patch) (client.Client, error)
	QueueReceivables(b *pgx.Batch, actor access.Actor, clientID int64, out *[]client.Receivable)
}

// Store computes the clients' value every night and keeps the tier review.
type Store struct {
	db      *pgxpool.Pool
	loc     *time.Location
	clients Clients
	log     *slog.Logger
	now     func() time.Time
	chunk   int
	credit  credit.Thresholds
}

// Option changes a Store's defaults.
type Option func(*Store)

// WithClock sets the clock decisions are stamped with (default time.Now);
// the nightly run is as of the instant it is given.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithChunk sets how many clients the run computes per transaction
// (DefaultChunk), in whole teams; tests use 1 to run each team alone.
func WithChunk(n int) Option {
	return func(s *Store) {
		if n > 0 {
			s.chunk = n
		}
	}
}

// WithCredit sets the thresholds of the credit standing shown with a
// promotion (default credit.DefaultThresholds()): the same as the card's
// and the churn scan's.
func WithCredit(t credit.Thresholds) Option { return func(s *Store) { s.credit = t } }

// New returns a Store on db that counts days in loc, the team's time zone,
// and reads and changes clients through clients (the client store).
func New(db *pgxpool.Pool, loc *time.Location, clients Clients, log *slog.Logger, opts ...Option) *Store {
	if loc == nil {
		loc = time.UTC
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{db: db, loc: loc, clients: clients, log: log, now: time.Now, chunk: DefaultChunk,
		credit: credit.DefaultThresholds()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// The ABC classes.
const (
	ClassA = "A"
	ClassB = "B"
	ClassC = "C"
)

// Value is one client's value as of the last night's run.
type Value struct {
	ClientID   int64      `db:"client_id"`
	TeamID     int64      `db:"team_id"`
	ABC        string     `db:"abc"`
	R          int        `db:"r"`
	F          int        `db:"f"`
	M          int        `db:"m"`
	Amount12m  string     `db:"amount_12m"` // decimal text, two places
	Deals12m   int        `db:"deals_12m"`
	LastDealOn *time.Time `db:"last_deal_on"` // a date; nil: no deal before ComputedOn
	ComputedOn time.Time  `db:"computed_on"`  // a date: the deals of the 12 months before it count
	ChangedOn  time.Time  `db:"changed_on"`   // a date: the run from which the figures are these
}

// canReview reports whether the actor may read and decide the tier review
// of a team: its managers and admins. Staff of the team who may not get
// access.ErrForbidden, anyone else ErrNotFound.
func canReview(actor access.Actor, teamID int64) error {
	switch {
	case actor.Role == access.Admin:
		return nil
	case actor.Role == access.Manager && actor.TeamID != 0 && actor.TeamID == teamID:
		return nil
	case actor.CanSee(teamID):
		return access.ErrForbidden
	}
	return ErrNotFound
}
