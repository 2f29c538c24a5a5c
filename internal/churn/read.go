package churn

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/credit"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// window is the scan's calendar: today and the two activity periods, as
// instants in the team's zone (for timestamps) and as dates (for DATE
// columns, 00:00 UTC of the day).
type window struct {
	at                                   time.Time // the scheduled instant of the run
	today, recentDay, beforeDay          time.Time // dates
	todayStart, recentStart, beforeStart time.Time // instants: midnight in loc
}

func newWindow(at time.Time, loc *time.Location) window {
	today := dates.Today(at, loc)
	y, m, d := today.Date()
	return window{
		at:          at,
		today:       today,
		recentDay:   today.AddDate(0, 0, -Window),
		beforeDay:   today.AddDate(0, 0, -2*Window),
		todayStart:  time.Date(y, m, d, 0, 0, 0, 0, loc),
		recentStart: time.Date(y, m, d-Window, 0, 0, 0, 0, loc),
		beforeStart: time.Date(y, m, d-2*Window, 0, 0, 0, 0, loc),
	}
}

// candidate is one client of a chunk with its counts and open episode.
type candidate struct {
	ID          int64
	TeamID      int64
	Name        string
	OwnerName   string
	Tier        string
	Stage       string
	LastContact *time.Time
	CreatedAt   time.Time
	Recent      int
	Before      int
	Complaints  int
	EpisodeID   int64      // the open episode, 0 if none
	EpisodeSeen *time.Time // the last contact when it opened
	// EpisodeOwes reports whether the open episode names overdue payments.
	EpisodeOwes bool
	// OverdueDays and OverdueCents are the client's receivables past due:
	// days past due and what is still owed on each, in fen.
	OverdueDays  []int32
	OverdueCents []int64
}

// contactResumed reports whether the client was contacted since its open
// episode began.
func (c candidate) contactResumed() bool {
	return c.LastContact != nil && (c.EpisodeSeen == nil || c.LastContact.After(*c.EpisodeSeen))
}

// signals turns the row into Assess's input for today, its receivables
// past due judged by the credit thresholds ct.
func (c candidate) signals(today time.Time, loc *time.Location, ct credit.Thresholds) Signals {
	since := c.CreatedAt
	if c.LastContact != nil {
		since = *c.LastContact
	}
	days := int(today.Sub(dates.Today(since, loc)).Hours() / 24)
	overdue := make([]credit.Overdue, len(c.OverdueDays))
	for i := range c.OverdueDays {
		overdue[i] = credit.Overdue{Days: int(c.OverdueDays[i]), Cents: c.OverdueCents[i]}
	}
	return Signals{ClientID: c.ID, TeamID: c.TeamID, Tier: c.Tier, Stage: c.Stage,
		Contacted: c.LastContact != nil, DaysSinceContact: max(days, 0),
		Recent: c.Recent, Before: c.Before, OverdueComplaints: c.Complaints, Credit: ct.Assess(overdue)}
}

// chunkSQL reads the next clients in id order after $1 (at most $2) with
// their activity counts, receivables past due and open episode. The counts
// are computed over the chunk's id range at once (b), so each table is read
// by one range scan of its client index rather than one probe per client.
// A receivable is what coalesce(invoiced, amount) less the payments leaves
// on a deal; it is past due when its due_on is before today ($8).
const chunkSQL = `WITH c AS (
	SELECT id, team_id, owner_id, name, tier, stage, last_contact_at, created_at
	FROM clients WHERE id > $1 AND archived_at IS NULL ORDER BY id LIMIT $2
), b AS (SELECT min(id) AS lo, max(id) AS hi FROM c),
v AS (
	SELECT client_id, count(*) FILTER (WHERE visited_at >= $4) AS recent, count(*) FILTER (WHERE visited_at < $4) AS before
	FROM b JOIN visits ON client_id BETWEEN b.lo AND b.hi
	WHERE visited_at >= $3 AND visited_at < $5
	GROUP BY client_id
), d AS (
	SELECT client_id, count(*) FILTER (WHERE deal_on >= $7) AS recent, count(*) FILTER (WHERE deal_on < $7) AS before
	FROM b JOIN deals ON client_id BETWEEN b.lo AND b.hi
	WHERE deal_on >= $6 AND deal_on < $8
	GROUP BY client_id
), f AS (
	SELECT client_id, count(*) AS n
	FROM b JOIN feedback ON client_id BETWEEN b.lo AND b.hi
	WHERE kind = 'complaint' AND status <> 'resolved' AND due_on < $8
	GROUP BY client_id
), r AS (
	SELECT d.client_id, array_agg(($8::date - d.due_on)::int ORDER BY d.id) AS days,
		array_agg(((coalesce(d.invoiced, d.amount) - coalesce(p.paid, 0)) * 100)::bigint ORDER BY d.id) AS cents
	FROM b JOIN deals d ON d.client_id BETWEEN b.lo AND b.hi
	LEFT JOIN LATERAL (SELECT sum(amount) AS paid FROM deal_payments WHERE deal_id = d.id) p ON true
	WHERE d.due_on < $8 AND coalesce(d.invoiced, d.amount) > coalesce(p.paid, 0)
	GROUP BY d.client_id
), e AS (
	SELECT client_id, id, contact_at, reasons @> '[{"code": "overdue_payment"}]' AS owes
	FROM b JOIN churn_episodes ON client_id BETWEEN b.lo AND b.hi
	WHERE ended_on IS NULL
)
SELECT c.id, c.team_id, c.name, coalesce(o.name, '') AS owner_name, c.tier, c.stage, c.last_contact_at, c.created_at,
	(coalesce(v.recent, 0) + coalesce(d.recent, 0))::int AS recent,
	(coalesce(v.before, 0) + coalesce(d.before, 0))::int AS before,
	coalesce(f.n, 0)::int AS complaints,
	coalesce(e.id, 0) AS episode_id, e.contact_at AS episode_seen, coalesce(e.owes, false) AS episode_owes,
	coalesce(r.days, '{}') AS overdue_days, coalesce(r.cents, '{}') AS overdue_cents
FROM c
LEFT JOIN staff o ON o.id = c.owner_id
LEFT JOIN v ON v.client_id = c.id
LEFT JOIN d ON d.client_id = c.id
LEFT JOIN f ON f.client_id = c.id
LEFT JOIN r ON r.client_id = c.id
LEFT JOIN e ON e.client_id = c.id
ORDER BY c.id`

// readChunk reads the clients after id last.
func (s *Scanner) readChunk(ctx context.Context, tx pgx.Tx, w window, last int64) ([]candidate, error) {
	rows, err := tx.Query(ctx, chunkSQL, last, s.chunk,
		w.beforeStart, w.recentStart, w.todayStart, w.beforeDay, w.recentDay, w.today)
	if err != nil {
		return nil, fmt.Errorf("read clients after %d: %w", last, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[candidate])
	if err != nil {
		return nil, fmt.Errorf("read clients after %d: %w", last, err)
	}
	return out, nil
}
