package churn

import (
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/credit"
)

// DefaultChunk is how many clients the scan reads and writes per query and
// transaction: big enough that round trips do not dominate, small enough
// that memory and lock time stay flat.
const DefaultChunk = 10_000

// Scanner runs the daily churn scan and the episode actions managers take.
type Scanner struct {
	db    *pgxpool.Pool
	loc   *time.Location
	t     Thresholds
	log   *slog.Logger
	now   func() time.Time
	chunk int
}

// Option changes a Scanner's defaults.
type Option func(*Scanner)

// WithClock sets the clock the episode actions read (acknowledged_at, the
// win-back due day check); the scan itself runs as of the time it is given.
// The default is time.Now.
func WithClock(now func() time.Time) Option { return func(s *Scanner) { s.now = now } }

// WithChunk sets how many clients the scan handles per query and transaction
// (DefaultChunk); tests use small chunks to cross chunk boundaries.
func WithChunk(n int) Option {
	return func(s *Scanner) {
		if n > 0 {
			s.chunk = n
		}
	}
}

// NewScanner returns a Scanner on db that counts days in loc, the team's
// time zone, and applies t.
func NewScanner(db *pgxpool.Pool, loc *time.Location, t Thresholds, log *slog.Logger, opts ...Option) *Scanner {
	if loc == nil {
		loc = time.UTC
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Scanner{db: db, loc: loc, t: t, log: log, now: time.Now, chunk: DefaultChunk}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Credit returns the credit thresholds the scan applies, so that the card
// shows the standing by the same rule that raises the signal.
func (s *Scanner) Credit() credit.Thresholds { return s.t.Credit }
