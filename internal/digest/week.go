package digest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/churn"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// MaxAtRisk is how many at-risk clients a digest names; the rest are only
// counted ("and N more"), so a bad week cannot blow the message up.
const MaxAtRisk = 15

// ErrNoTeam is returned by Week for a team that does not exist.
var ErrNoTeam = errors.New("no such team")

// Week is the figures of one team for one week, the content of a digest.
type Week struct {
	TeamID   int64
	TeamName string
	// From is Monday 00:00 and To the next Monday 00:00, in the team's zone;
	// every count covers [From, To).
	From, To time.Time
	// Visits lists every active salesperson and manager of the team with the
	// visits they logged in the week, zero included: most visits first, then
	// by name (byte order, the same on every server).
	Visits []Person
	// NewClients is how many clients the team added in the week.
	NewClients int
	// FeedbackOpened is feedback registered in the week on the team's
	// clients, FeedbackResolved the feedback resolved in it, and
	// FeedbackOverdue what was still unresolved at the week's end with its
	// due day over.
	FeedbackOpened, FeedbackResolved, FeedbackOverdue int
	// AtRisk names up to MaxAtRisk clients of the team with an open churn
	// episode: strategic clients first, then key, then normal, and within a
	// tier the longest at risk first. AtRiskTotal counts them all.
	AtRisk      []AtRisk
	AtRiskTotal int
}

// TotalVisits is the sum over Visits.
func (w Week) TotalVisits() int {
	n := 0
	for _, p := range w.Visits {
		n += p.Visits
	}
	return n
}

// Person is one salesperson's (or manager's) line in the digest.
type Person struct {
	StaffID int64  `db:"staff_id"`
	Name    string `db:"name"`
	Visits  int    `db:"visits"`
}

// AtRisk is one client with an open churn episode, and the first reason the
// churn scan gave for it.
type AtRisk struct {
	EpisodeID  int64        `db:"episode_id"`
	ClientID   int64        `db:"client_id"`
	ClientName string       `db:"client_name"`
	Tier       string       `db:"tier"`
	StartedOn  time.Time    `db:"started_on"` // a date: 00:00 UTC of the day
	Reason     churn.Reason `db:"reason"`
}

// WeekStart returns Monday 00:00, in loc, of the week holding t.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	y, m, d := t.Date()
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, m, d-back, 0, 0, 0, 0, loc)
}

// PreviousWeek returns Monday 00:00, in loc, of the full week before the one
// holding t: the week a digest run at t reports on.
func PreviousWeek(t time.Time, loc *time.Location) time.Time {
	y, m, d := WeekStart(t, loc).Date()
	return time.Date(y, m, d-7, 0, 0, 0, 0, loc)
}

// Week gathers the figures of team teamID for the week starting at from,
// Monday 00:00 in the digest's zone (any instant of a week stands for that
// week). The at-risk list is the episodes open now, not at the week's end:
// the churn scan runs just before the digest and a manager wants today's
// list. ErrNoTeam when the team does not exist.
func (d *Digest) Week(ctx context.Context, teamID int64, from time.Time) (Week, error) {
	from = WeekStart(from, d.loc)
	y, m, day := from.Date()
	w := Week{TeamID: teamID, From: from, To: time.Date(y, m, day+7, 0, 0, 0, 0, d.loc)}
	// Due dates are days: a record due on Sunday is overdue once Monday
	// begins, as feedback marks it.
	endDay := dates.Day(w.To)

	// One read-only snapshot, so the figures agree with each other (the
	// at-risk count with the list) even while the churn scan writes.
	err := pgx.BeginTxFunc(ctx, d.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT t.name,
			(SELECT count(*) FROM clients c WHERE c.team_id = t.id AND c.created_at >= $2 AND c.created_at < $3 AND c.archived_at IS NULL),
			(SELECT count(*) FROM feedback f JOIN clients c ON c.id = f.client_id
				WHERE c.team_id = t.id AND f.created_at >= $2 AND f.created_at < $3 AND c.archived_at IS NULL),
			(SELECT count(*) FROM feedback f JOIN clients c ON c.id = f.client_id
				WHERE c.team_id = t.id AND f.status = 'resolved' AND f.resolved_at >= $2 AND f.resolved_at < $3 AND c.archived_at IS NULL),
			(SELECT count(*) FROM feedback f JOIN clients c ON c.id = f.client_id
				WHERE c.team_id = t.id AND f.created_at < $3 AND f.due_on < $4 AND c.archived_at IS NULL
				AND (f.status <> 'resolved' OR f.resolved_at >= $3)),
			(SELECT count(*) FROM churn_episodes e WHERE e.team_id = t.id AND e.ended_on IS NULL)
			FROM teams t WHERE t.id = $1`, teamID, w.From, w.To, endDay).Scan(
			&w.TeamName, &w.NewClients, &w.FeedbackOpened, &w.FeedbackResolved, &w.FeedbackOverdue, &w.AtRiskTotal)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNoTeam
		}
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}

		rows, err := tx.Query(ctx, `SELECT s.id AS staff_id, s.name, count(v.id)::int AS visits
			FROM staff s
			LEFT JOIN visits v ON v.author_id = s.id AND v.visited_at >= $2 AND v.visited_at < $3
			WHERE s.team_id = $1 AND s.active AND s.role IN ('sales', 'manager')
			GROUP BY s.id ORDER BY visits DESC, s.name COLLATE "C", s.id`, teamID, w.From, w.To)
		if err == nil {
			w.Visits, err = pgx.CollectRows(rows, pgx.RowToStructByName[Person])
		}
		if err != nil {
			return fmt.Errorf("visits: %w", err)
		}

		rows, err = tx.Query(ctx, `SELECT e.id AS episode_id, e.client_id, c.name AS client_name, c.tier,
			e.started_on, CASE WHEN jsonb_typeof(e.reasons -> 0) = 'object' THEN e.reasons -> 0 ELSE '{}' END AS reason
			FROM churn_episodes e JOIN clients c ON c.id = e.client_id
			WHERE e.team_id = $1 AND e.ended_on IS NULL AND c.archived_at IS NULL
			ORDER BY array_position(ARRAY['strategic', 'key', 'normal'], c.tier), e.started_on, e.id
			LIMIT $2`, teamID, MaxAtRisk)
		if err == nil {
			w.AtRisk, err = pgx.CollectRows(rows, pgx.RowToStructByName[AtRisk])
		}
		if err != nil {
			return fmt.Errorf("at-risk clients: %w", err)
		}
		return nil
	})
	if err != nil {
		return Week{}, fmt.Errorf("week of team %d: %w", teamID, err)
	}
	return w, nil
}
