package visit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Satisfaction (满意度) is read on a scale of MinScore (very dissatisfied)
// to MaxScore (very satisfied): by the visitor after a visit, by the
// assignee when feedback is resolved, and by the contact who raised the
// feedback in their answer to the survey. Every reading is a row of the
// satisfaction table; the card and the 考核 report read only that table.
const (
	MinScore = 1
	MaxScore = 5
)

// The sources of a reading (satisfaction.source).
const (
	SourceVisit    = "visit"
	SourceFeedback = "feedback"
	SourceSurvey   = "survey"
)

// TrendDays is the length of the two periods whose averages the card
// compares: the last TrendDays days against the TrendDays before them.
const TrendDays = 90

// TrendStep is how far apart the two averages must be to call it a trend:
// half a point on the five-point scale, so one reading of 4 after one of 5
// is not yet "down".
const TrendStep = 0.5

// ErrScore is wrapped (with ErrInvalid) by the refusal of a score outside
// MinScore..MaxScore.
var ErrScore = errors.New("satisfaction score outside 1..5")

// CheckScore is the one rule on a satisfaction score, for every source:
// MinScore to MaxScore. A refusal wraps ErrInvalid and ErrScore.
func CheckScore(n int) error {
	if n < MinScore || n > MaxScore {
		return fmt.Errorf("satisfaction %d: %w: %w", n, ErrInvalid, ErrScore)
	}
	return nil
}

// Satisfaction sums up a client's readings for the card: the latest one,
// and the averages of the last TrendDays days and of the TrendDays before.
type Satisfaction struct {
	Latest       int        `db:"latest"`        // 0 when the client has no reading
	LatestSource string     `db:"latest_source"` // SourceVisit, SourceFeedback or SourceSurvey
	LatestAt     *time.Time `db:"latest_at"`
	Recent       float64    `db:"recent"` // average of the last TrendDays days; 0 when none
	RecentCount  int        `db:"recent_count"`
	Before       float64    `db:"before"` // average of the TrendDays before; 0 when none
	BeforeCount  int        `db:"before_count"`
}

// Trend is +1 when the recent average is at least TrendStep above the one
// before, -1 when it is that far below, and 0 otherwise, or when either
// period has no reading.
func (s Satisfaction) Trend() int {
	if s.RecentCount == 0 || s.BeforeCount == 0 {
		return 0
	}
	switch d := s.Recent - s.Before; {
	case d >= TrendStep:
		return 1
	case d <= -TrendStep:
		return -1
	}
	return 0
}

// satisfactionSQL reads a client's Satisfaction when the scope ($2: 0 for
// every team, else the team) may see it; $3 and $4 start the two periods.
const satisfactionSQL = `SELECT coalesce(l.score, 0)::int AS latest, coalesce(l.source, '') AS latest_source, l.at AS latest_at,
	coalesce(a.recent, 0)::float8 AS recent, a.recent_count, coalesce(a.before, 0)::float8 AS before, a.before_count
FROM clients c
LEFT JOIN LATERAL (SELECT score, source, at FROM satisfaction WHERE client_id = c.id ORDER BY at DESC, id DESC LIMIT 1) l ON true
CROSS JOIN LATERAL (SELECT avg(score) FILTER (WHERE at >= $3) AS recent, count(*) FILTER (WHERE at >= $3)::int AS recent_count,
	avg(score) FILTER (WHERE at < $3) AS before, count(*) FILTER (WHERE at < $3)::int AS before_count
	FROM satisfaction WHERE client_id = c.id AND at >= $4) a
WHERE c.id = $1 AND ($2::bigint = 0 OR c.team_id = $2)`

// QueueSatisfaction adds to b the read of a client's Satisfaction for the
// card's single round trip; for a client the actor may not see, out stays
// zero.
func (s *Store) QueueSatisfaction(b *pgx.Batch, actor access.Actor, clientID int64, out *Satisfaction) {
	b.Queue(satisfactionSQL, s.satisfactionArgs(actor, clientID)...).Query(func(rows pgx.Rows) error {
		got, err := pgx.CollectRows(rows, pgx.RowToStructByName[Satisfaction])
		if err == nil && len(got) == 1 {
			*out = got[0]
		}
		return err
	})
}

// SatisfactionOf returns a client's Satisfaction; ErrNotFound when the
// client is missing or invisible to the actor.
func (s *Store) SatisfactionOf(ctx context.Context, actor access.Actor, clientID int64) (Satisfaction, error) {
	rows, err := s.db.Query(ctx, satisfactionSQL, s.satisfactionArgs(actor, clientID)...)
	if err != nil {
		return Satisfaction{}, fmt.Errorf("read satisfaction: %w", err)
	}
	out, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Satisfaction])
	if errors.Is(err, pgx.ErrNoRows) {
		return Satisfaction{}, ErrNotFound
	}
	if err != nil {
		return Satisfaction{}, fmt.Errorf("read satisfaction: %w", err)
	}
	return out, nil
}

func (s *Store) satisfactionArgs(actor access.Actor, clientID int64) []any {
	scope := actor.TeamID
	switch {
	case actor.SeesAll():
		scope = 0
	case scope == 0:
		scope = -1 // a non-admin without a team sees nobody
	}
	now := s.now()
	return []any{clientID, scope, now.AddDate(0, 0, -TrendDays), now.AddDate(0, 0, -2*TrendDays)}
}

// recordVisitScore writes the visitor's reading of a visit, in the visit's
// transaction; the visit is new, so the one-per-visit index cannot refuse it.
func recordVisitScore(ctx context.Context, tx pgx.Tx, clientID, visitID, staffID int64, score int, at time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO satisfaction (client_id, score, source, visit_id, staff_id, at)
		VALUES ($1, $2, 'visit', $3, $4, $5)`, clientID, score, visitID, staffID, at); err != nil {
		return fmt.Errorf("record satisfaction: %w", err)
	}
	return nil
}
