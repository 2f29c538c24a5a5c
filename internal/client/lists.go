package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

// Mine returns the clients the actor owns: strategic, then key, then normal
// clients, and within a tier the one longest without contact first (never
// contacted before all others).
func (s *Store) Mine(ctx context.Context, actor access.Actor) ([]Client, error) {
	rows, err := s.db.Query(ctx, clientSelect+` WHERE c.owner_id = $1 AND ($2::bigint = 0 OR c.team_id = $2) AND c.archived_at IS NULL
		ORDER BY CASE c.tier WHEN 'strategic' THEN 0 WHEN 'key' THEN 1 ELSE 2 END,
			c.last_contact_at ASC NULLS FIRST, c.created_at, c.id`, actor.StaffID, scopeOf(actor))
	if err != nil {
		return nil, fmt.Errorf("list own clients: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Client])
	if err != nil {
		return nil, fmt.Errorf("list own clients: %w", err)
	}
	return out, nil
}

// Recent returns up to limit clients the actor dealt with last, for quick
// buttons: clients they own, by their last contact or creation, and clients
// they visited, by their own last visit; newest first.
func (s *Store) Recent(ctx context.Context, actor access.Actor, limit int) ([]Client, error) {
	limit = min(max(limit, 1), 50)
	rows, err := s.db.Query(ctx, `WITH touched AS (
			SELECT id, greatest(created_at, last_contact_at) AS at FROM clients WHERE owner_id = $1
			UNION ALL
			SELECT client_id, max(visited_at) FROM visits WHERE author_id = $1 GROUP BY client_id
		), best AS (SELECT id, max(at) AS at FROM touched GROUP BY id) `+
		clientSelect+` JOIN best b ON b.id = c.id WHERE ($2::bigint = 0 OR c.team_id = $2) AND c.archived_at IS NULL
		ORDER BY b.at DESC, c.id DESC LIMIT $3`, actor.StaffID, scopeOf(actor), limit)
	if err != nil {
		return nil, fmt.Errorf("list recent clients: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Client])
	if err != nil {
		return nil, fmt.Errorf("list recent clients: %w", err)
	}
	return out, nil
}

// TouchTx records, inside the caller's transaction, that the client was
// contacted at at (a visit): last_contact_at moves forward to at, a sleeping
// or churned client becomes active (audited as a change by actorID, 0 for
// the system), and updated_at moves forward to at. ErrNotFound if there is
// no such client; the caller has checked access. A merged client's id
// touches its survivor, where the visit went (the insert triggers of
// migration 0011 move it there).
func TouchTx(ctx context.Context, tx pgx.Tx, actorID, clientID int64, at time.Time) error {
	var before, after string
	err := tx.QueryRow(ctx, `UPDATE clients c SET
			last_contact_at = greatest(c.last_contact_at, $2),
			stage = CASE WHEN c.stage IN ('sleeping', 'churned') THEN 'active' ELSE c.stage END,
			updated_at = greatest(c.updated_at, $2)
		FROM (SELECT id, stage FROM clients
			WHERE id = (SELECT coalesce(merged_into, id) FROM clients WHERE id = $1) FOR UPDATE) old
		WHERE c.id = old.id
		RETURNING c.id, old.stage, c.stage`, clientID, at).Scan(&clientID, &before, &after)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("touch client: %w", err)
	}
	if before == after {
		return nil
	}
	return audit.Write(ctx, tx, audit.Entry{ActorID: actorID, Entity: "client", EntityID: clientID, Action: "update", At: at,
		Changes: map[string]any{"stage": audit.Change{From: before, To: after}, "reason": "contact"}})
}
