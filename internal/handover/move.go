package handover

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/audit"
)

// clientRow is a client as a hand-over moves it.
type clientRow struct {
	ID         int64      `db:"id"`
	TeamID     int64      `db:"team_id"`
	OwnerID    int64      `db:"owner_id"`
	Name       string     `db:"name"`
	NextReview *time.Time `db:"next_review_on"`
}

const clientSelect = `SELECT c.id, c.team_id, coalesce(c.owner_id, 0) AS owner_id, c.name, c.next_review_on FROM clients c `

// lockClients reads clients for a hand-over, locked until the transaction ends.
func lockClients(ctx context.Context, tx pgx.Tx, where string, args ...any) ([]clientRow, error) {
	rows, err := tx.Query(ctx, clientSelect+where+` ORDER BY c.id FOR UPDATE OF c`, args...)
	if err != nil {
		return nil, fmt.Errorf("lock clients: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[clientRow])
	if err != nil {
		return nil, fmt.Errorf("lock clients: %w", err)
	}
	return out, nil
}

// moveClient gives client c to the person to, with its open items, and
// audits it. reason is "handover" or "deactivate".
func moveClient(ctx context.Context, tx pgx.Tx, actorID int64, c clientRow, to person, reason string, now time.Time) (Moved, error) {
	m := Moved{ClientID: c.ID, Name: c.Name, From: c.OwnerID, To: to.ID, FromTeam: c.TeamID, ToTeam: to.TeamID,
		Owner: true, NextReview: c.NextReview}
	if _, err := tx.Exec(ctx, `UPDATE clients SET owner_id = $2, team_id = $3, updated_at = $4 WHERE id = $1`,
		c.ID, to.ID, to.TeamID, now); err != nil {
		return m, fmt.Errorf("move client %d: %w", c.ID, err)
	}
	changes := map[string]any{"owner_id": audit.Change{From: c.OwnerID, To: to.ID}, "reason": reason}
	if c.TeamID != to.TeamID {
		// Visibility is part of the search index probe, and of the team's
		// list of clients at risk: both follow the client.
		b := &pgx.Batch{}
		b.Queue(`UPDATE client_terms SET team_id = $2 WHERE client_id = $1`, c.ID, to.TeamID)
		b.Queue(`UPDATE churn_episodes SET team_id = $2 WHERE client_id = $1`, c.ID, to.TeamID)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return m, fmt.Errorf("move client %d to team %d: %w", c.ID, to.TeamID, err)
		}
		changes["team_id"] = audit.Change{From: c.TeamID, To: to.TeamID}
	}
	if err := moveItems(ctx, tx, actorID, &m, true, now); err != nil {
		return m, err
	}
	if c.OwnerID != 0 {
		n, err := moveReviews(ctx, tx, c.ID, c.OwnerID, to.ID)
		if err != nil {
			return m, err
		}
		m.Reviews = n
	}
	counts(changes, m)
	if err := audit.Write(ctx, tx, audit.Entry{ActorID: actorID, Entity: "client", EntityID: c.ID, Action: "handover",
		Changes: changes, At: now}); err != nil {
		return m, err
	}
	return m, nil
}

// moveOpenItems moves only the open items m.From holds on a client they do
// not own (feedback, follow-ups, win-backs) to m.To, and audits it when any
// moved.
func moveOpenItems(ctx context.Context, tx pgx.Tx, actorID int64, m *Moved, now time.Time) error {
	if err := moveItems(ctx, tx, actorID, m, false, now); err != nil {
		return err
	}
	if m.Feedback+m.FollowUps+m.Winbacks == 0 {
		return nil
	}
	changes := map[string]any{"from": m.From, "to": m.To, "reason": "deactivate"}
	counts(changes, *m)
	return audit.Write(ctx, tx, audit.Entry{ActorID: actorID, Entity: "client", EntityID: m.ClientID, Action: "handover",
		Changes: changes, At: now})
}

func counts(changes map[string]any, m Moved) {
	for k, n := range map[string]int{"feedback": m.Feedback, "follow_ups": m.FollowUps, "reviews": m.Reviews, "winbacks": m.Winbacks} {
		if n > 0 {
			changes[k] = n
		}
	}
}

// canHandle is true when staff id HOLDER may still handle an item of a client
// of team $4: active, and in that team (or an admin).
const canHandle = `EXISTS (SELECT 1 FROM staff x WHERE x.id = HOLDER AND x.active AND (x.team_id = $4 OR x.role = 'admin'))`

// The moves of open items on client $1 from $2 to $3 ($4 the client's team,
// $5 true to sweep items whose holder can no longer handle them too). Each
// returns the moved record and its old holder.
var (
	moveFeedbackSQL = `WITH old AS (
		SELECT f.id, f.assignee_id AS who FROM feedback f
		WHERE f.client_id = $1 AND f.status <> 'resolved' AND f.assignee_id <> $3
			AND (f.assignee_id = $2 OR ($5 AND NOT ` + holder("f.assignee_id") + `))
		FOR UPDATE OF f)
	UPDATE feedback f SET assignee_id = $3, updated_at = $6 FROM old WHERE f.id = old.id RETURNING f.id, old.who`
	moveFollowUpsSQL = `WITH old AS (
		SELECT v.id, coalesce(v.follow_up_by, v.author_id) AS who FROM visits v
		WHERE v.client_id = $1 AND v.follow_up_on IS NOT NULL AND NOT v.follow_up_done
			AND coalesce(v.follow_up_by, v.author_id) <> $3
			AND (coalesce(v.follow_up_by, v.author_id) = $2 OR ($5 AND NOT ` + holder("coalesce(v.follow_up_by, v.author_id)") + `))
		FOR UPDATE OF v)
	UPDATE visits v SET follow_up_by = $3 FROM old WHERE v.id = old.id RETURNING v.id, old.who`
	moveWinbacksSQL = `WITH old AS (
		SELECT e.id, e.winback_staff_id AS who FROM churn_episodes e
		WHERE e.client_id = $1 AND e.ended_on IS NULL AND e.winback_staff_id IS NOT NULL AND e.winback_staff_id <> $3
			AND (e.winback_staff_id = $2 OR ($5 AND NOT ` + holder("e.winback_staff_id") + `))
		FOR UPDATE OF e)
	UPDATE churn_episodes e SET winback_staff_id = $3 FROM old WHERE e.id = old.id RETURNING e.id, old.who`
)

// holder is canHandle for the holder column col.
func holder(col string) string { return strings.ReplaceAll(canHandle, "HOLDER", col) }

// moveItems moves client m.ClientID's open items from m.From to m.To, and
// with sweep also those whose holder can no longer handle them; each moved
// record is audited in its own trail.
func moveItems(ctx context.Context, tx pgx.Tx, actorID int64, m *Moved, sweep bool, now time.Time) error {
	type moved struct{ ID, Who int64 }
	run := func(entity, field, sql string, args ...any) (int, error) {
		rows, err := tx.Query(ctx, sql, args...)
		if err != nil {
			return 0, fmt.Errorf("move %s of client %d: %w", entity, m.ClientID, err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[moved])
		if err != nil {
			return 0, fmt.Errorf("move %s of client %d: %w", entity, m.ClientID, err)
		}
		for _, g := range got {
			if err := audit.Write(ctx, tx, audit.Entry{ActorID: actorID, Entity: entity, EntityID: g.ID, Action: "update", At: now,
				Changes: map[string]any{field: audit.Change{From: g.Who, To: m.To}, "client_id": m.ClientID, "reason": "handover"}}); err != nil {
				return 0, err
			}
		}
		return len(got), nil
	}
	var err error
	if m.Feedback, err = run("feedback", "assignee_id", moveFeedbackSQL, m.ClientID, m.From, m.To, m.ToTeam, sweep, now); err != nil {
		return err
	}
	if m.FollowUps, err = run("visit", "follow_up_by", moveFollowUpsSQL, m.ClientID, m.From, m.To, m.ToTeam, sweep); err != nil {
		return err
	}
	m.Winbacks, err = run("churn_episode", "winback_staff_id", moveWinbacksSQL, m.ClientID, m.From, m.To, m.ToTeam, sweep)
	return err
}

// moveReviews moves the review reminders the old owner got for the client
// to the new owner (see the package doc) and returns how many.
func moveReviews(ctx context.Context, tx pgx.Tx, clientID, from, to int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `WITH moved AS (
		DELETE FROM review_reminders WHERE client_id = $1 AND staff_id = $2 RETURNING client_id, due_on, reminded_on
	), ins AS (
		INSERT INTO review_reminders (client_id, due_on, staff_id, reminded_on)
		SELECT client_id, due_on, $3, reminded_on FROM moved ON CONFLICT DO NOTHING RETURNING 1
	) SELECT (SELECT count(*) FROM moved)::int`, clientID, from, to).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("move review reminders of client %d: %w", clientID, err)
	}
	return n, nil
}
