package value

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Value returns a client's value as of the last run, for anyone who may see
// the client (its card): ErrNotFound when the actor may not, and when the
// client has no value yet (created since the last run) or is archived.
func (s *Store) Value(ctx context.Context, actor access.Actor, clientID int64) (Value, error) {
	rows, err := s.db.Query(ctx, `SELECT v.client_id, c.team_id, v.abc, v.r, v.f, v.m, v.amount_12m::text AS amount_12m,
		v.deals_12m, v.last_deal_on, r.computed_on, v.changed_on
		FROM client_values v JOIN clients c ON c.id = v.client_id JOIN value_runs r ON r.team_id = v.team_id
		WHERE v.client_id = $1 AND c.archived_at IS NULL`, clientID)
	if err != nil {
		return Value{}, fmt.Errorf("read client value: %w", err)
	}
	v, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Value])
	if errors.Is(err, pgx.ErrNoRows) || err == nil && !actor.CanSee(v.TeamID) {
		return Value{}, ErrNotFound
	}
	if err != nil {
		return Value{}, fmt.Errorf("read client value: %w", err)
	}
	return v, nil
}
