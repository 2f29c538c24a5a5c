package handover

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// OwnedClient is one client of a person, for the list a single client is
// handed over from.
type OwnedClient struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Owned returns one page of the clients a person owns, by name, and how
// many there are, as Holdings allows (managers their team, admins all).
func (s *Store) Owned(ctx context.Context, actor access.Actor, staffID int64, offset, limit int) ([]OwnedClient, int, error) {
	if err := mayHandOver(actor); err != nil {
		return nil, 0, fmt.Errorf("owned clients: %w", err)
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM clients WHERE owner_id = $1 AND ($2::boolean OR team_id = $3)`,
		staffID, actor.SeesAll(), actor.TeamID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("owned clients: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT id, name FROM clients WHERE owner_id = $1 AND ($2::boolean OR team_id = $3)
		ORDER BY lower(name), id OFFSET $4 LIMIT $5`, staffID, actor.SeesAll(), actor.TeamID, offset, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("owned clients: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[OwnedClient])
	if err != nil {
		return nil, 0, fmt.Errorf("owned clients: %w", err)
	}
	return out, total, nil
}
