package visit

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const selectVisit = `SELECT v.id, v.client_id, c.name AS client_name, v.author_id, s.name AS author_name,
	v.kind, v.notes, v.outcome, v.voice_file_id, v.photo_file_ids, v.latitude, v.longitude,
	v.visited_at, v.follow_up_on, v.follow_up_done, v.created_at, c.team_id
FROM visits v JOIN clients c ON c.id = v.client_id JOIN staff s ON s.id = v.author_id`

// visitRow is a Visit with its client's team, for the access check.
type visitRow struct {
	Visit
	TeamID int64 `db:"team_id"`
}

func collectVisits(rows pgx.Rows) ([]Visit, error) {
	vs, err := pgx.CollectRows(rows, pgx.RowToStructByName[visitRow])
	if err != nil {
		return nil, err
	}
	out := make([]Visit, len(vs))
	for i, v := range vs {
		out[i] = v.Visit
	}
	return out, nil
}

// getVisit reads one visit and its client's team, without an access check.
func getVisit(ctx context.Context, q querier, id int64) (Visit, int64, error) {
	rows, err := q.Query(ctx, selectVisit+` WHERE v.id = $1`, id)
	if err != nil {
		return Visit{}, 0, err
	}
	v, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[visitRow])
	if errors.Is(err, pgx.ErrNoRows) {
		return Visit{}, 0, ErrNotFound
	}
	return v.Visit, v.TeamID, err
}

// byOrigin finds the visit created by an update, if the actor may see it.
func (s *Store) byOrigin(ctx context.Context, q querier, actor access.Actor, originUpdate int64) (Visit, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM visits WHERE origin_update = $1`, originUpdate).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Visit{}, ErrNotFound
	}
	if err != nil {
		return Visit{}, fmt.Errorf("find visit by update: %w", err)
	}
	v, team, err := getVisit(ctx, q, id)
	if err == nil && !actor.CanSee(team) {
		return Visit{}, ErrNotFound
	}
	return v, err
}

// Get returns one visit; ErrNotFound when it is missing or on a client the
// actor may not see.
func (s *Store) Get(ctx context.Context, actor access.Actor, id int64) (Visit, error) {
	v, team, err := getVisit(ctx, s.db, id)
	if err == nil && !actor.CanSee(team) {
		err = ErrNotFound
	}
	if err != nil {
		return Visit{}, fmt.Errorf("get visit %d: %w", id, err)
	}
	return v, nil
}

// ForClient returns a page of the client's visits, newest first, and how
// many there are in all. limit is clamped to 1..100 (0 means 20).
// ErrNotFound when the client is missing or invisible to the actor.
func (s *Store) ForClient(ctx context.Context, actor access.Actor, clientID int64, limit, offset int) ([]Visit, int, error) {
	switch {
	case limit <= 0:
		limit = 20
	case limit > 100:
		limit = 100
	}
	offset = max(offset, 0)
	// One statement gives the page, the total and the access check, since
	// the card asks for this on every view; the window count is taken before
	// LIMIT. Only an empty page needs a second look to tell "no visits" from
	// "no such client".
	rows, err := s.db.Query(ctx, `SELECT page.*, count(*) OVER () AS total FROM (`+selectVisit+`
		WHERE v.client_id = $1 AND ($4::boolean OR c.team_id = $5)) page
		ORDER BY page.visited_at DESC, page.id DESC LIMIT $2 OFFSET $3`,
		clientID, limit, offset, actor.SeesAll(), actor.TeamID)
	if err != nil {
		return nil, 0, fmt.Errorf("list visits: %w", err)
	}
	page, err := pgx.CollectRows(rows, pgx.RowToStructByName[countedVisit])
	if err != nil {
		return nil, 0, fmt.Errorf("list visits: %w", err)
	}
	if len(page) == 0 {
		if err := s.checkClient(ctx, actor, clientID); err != nil {
			return nil, 0, fmt.Errorf("list visits: %w", err)
		}
		var total int
		if offset > 0 {
			if err := s.db.QueryRow(ctx, `SELECT count(*) FROM visits WHERE client_id = $1`, clientID).Scan(&total); err != nil {
				return nil, 0, fmt.Errorf("count visits: %w", err)
			}
		}
		return nil, total, nil
	}
	out := make([]Visit, len(page))
	for i, v := range page {
		out[i] = v.Visit
	}
	return out, page[0].Total, nil
}

// countedVisit is a visit row with its client's team and the page's total.
type countedVisit struct {
	visitRow
	Total int `db:"total"`
}

// checkClient returns ErrNotFound unless the client exists and the actor
// may see it.
func (s *Store) checkClient(ctx context.Context, actor access.Actor, clientID int64) error {
	var team int64
	err := s.db.QueryRow(ctx, `SELECT team_id FROM clients WHERE id = $1`, clientID).Scan(&team)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !actor.CanSee(team)) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("read client: %w", err)
	}
	return nil
}
