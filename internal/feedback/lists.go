package feedback

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Page sizes for ForClient: a limit outside 1..MaxPage is replaced by
// DefaultPage.
const (
	DefaultPage = 10
	MaxPage     = 100
)

// unresolvedOrder puts overdue records first, then the nearest deadline, and
// on one day the most severe first.
const unresolvedOrder = ` ORDER BY f.due_on < $2 DESC, f.due_on,
	array_position(ARRAY['high', 'medium', 'low'], f.severity), f.id`

// OpenForClient returns the client's unresolved records, overdue first then
// by deadline; ErrNotFound when the client is not visible to the actor.
func (s *Store) OpenForClient(ctx context.Context, actor access.Actor, clientID int64) ([]Feedback, error) {
	// The access check rides in the query (the card asks on every view);
	// only an empty answer needs a second look to tell "none" from "no such
	// client".
	out, err := s.list(ctx, s.db, selectFeedback+` WHERE f.client_id = $1 AND f.status <> 'resolved'
		AND ($3::boolean OR c.team_id = $4)`+unresolvedOrder, clientID, s.today(), actor.SeesAll(), actor.TeamID)
	if err == nil && len(out) == 0 {
		_, _, err = clientTeam(ctx, s.db, actor, clientID)
	}
	if err != nil {
		return nil, fmt.Errorf("open feedback for client: %w", err)
	}
	return out, nil
}

// AssignedOpen returns the unresolved records the actor is responsible for,
// by deadline, on clients of teams the actor can still see.
func (s *Store) AssignedOpen(ctx context.Context, actor access.Actor) ([]Feedback, error) {
	out, err := s.list(ctx, s.db, selectFeedback+` WHERE f.assignee_id = $1 AND f.status <> 'resolved' AND c.archived_at IS NULL
		AND ($3 OR c.team_id = $4)`+unresolvedOrder,
		actor.StaffID, s.today(), actor.SeesAll(), actor.TeamID)
	if err != nil {
		return nil, fmt.Errorf("assigned open feedback: %w", err)
	}
	return out, nil
}

// ForClient returns one page of all the client's records, newest first, and
// how many there are in all; ErrNotFound when the client is not visible.
func (s *Store) ForClient(ctx context.Context, actor access.Actor, clientID int64, limit, offset int) ([]Feedback, int, error) {
	if limit < 1 || limit > MaxPage {
		limit = DefaultPage
	}
	offset = max(offset, 0)
	var (
		out   []Feedback
		total int
	)
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, _, err := clientTeam(ctx, tx, actor, clientID); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM feedback WHERE client_id = $1`, clientID).Scan(&total); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		var err error
		out, err = s.list(ctx, tx, selectFeedback+` WHERE f.client_id = $1
			ORDER BY f.created_at DESC, f.id DESC LIMIT $2 OFFSET $3`, clientID, limit, offset)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("feedback for client: %w", err)
	}
	return out, total, nil
}
