package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Store keeps the ledger of clients, their contacts and deals, and the
// search index over them.
type Store struct {
	db  *pgxpool.Pool
	now func() time.Time
	loc *time.Location
	// searches, when set, is told how long each search took.
	searches SearchObserver
}

// NewStore returns a Store on db. now is the clock and loc the team's time
// zone, in which "today" is computed.
func NewStore(db *pgxpool.Pool, now func() time.Time, loc *time.Location) *Store {
	if loc == nil {
		loc = time.UTC
	}
	return &Store{db: db, now: now, loc: loc}
}

// today is the current calendar day in the store's time zone, as a date.
func (s *Store) today() time.Time {
	y, m, d := s.now().In(s.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// querier is a pool or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// scopeOf is the team filter of an actor's reads, as the SQL parameter
// "($n = 0 OR team_id = $n)" expects: 0 for admins (every team), the team
// otherwise, and -1 (no team) for a non-admin without a team.
func scopeOf(a access.Actor) int64 {
	switch {
	case a.SeesAll():
		return 0
	case a.TeamID == 0:
		return -1
	}
	return a.TeamID
}

// clientSelect reads Client rows; callers add WHERE on c.
const clientSelect = `SELECT c.id, c.team_id, coalesce(c.owner_id, 0) AS owner_id,
	coalesce(s.name, '') AS owner_name, t.name AS team_name, c.name, c.industry,
	coalesce(c.size, '') AS size, c.tier, c.stage, c.region, c.address, c.source,
	c.needs, c.risk_note, c.created_at, c.updated_at, c.last_contact_at, c.next_review_on,
	c.archived_at, coalesce(c.merged_into, 0) AS merged_into
	FROM clients c JOIN teams t ON t.id = c.team_id LEFT JOIN staff s ON s.id = c.owner_id`

// loadClient reads one client the scope may see; lock takes a row lock on
// the client for an update in the same transaction.
func loadClient(ctx context.Context, q querier, scope, id int64, lock bool) (Client, error) {
	sql := clientSelect + ` WHERE c.id = $1 AND ($2::bigint = 0 OR c.team_id = $2)`
	if lock {
		sql += ` FOR UPDATE OF c`
	}
	return queryClient(ctx, q, sql, id, scope)
}

// queryClient runs sql (clientSelect and a condition on $1, the id, and
// $2, the scope) and reads the one client it finds, ErrNotFound if none.
func queryClient(ctx context.Context, q querier, sql string, id, scope int64) (Client, error) {
	rows, err := q.Query(ctx, sql, id, scope)
	if err != nil {
		return Client{}, fmt.Errorf("load client: %w", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Client])
	if errors.Is(err, pgx.ErrNoRows) {
		return Client{}, ErrNotFound
	}
	if err != nil {
		return Client{}, fmt.Errorf("load client: %w", err)
	}
	return c, nil
}

// Get returns one client, or ErrNotFound when it does not exist or the actor
// may not see it.
//
// A merged client's id opens its survivor (see Merge): old buttons and
// links keep working; the returned ID tells the caller which it got.
func (s *Store) Get(ctx context.Context, actor access.Actor, id int64) (Client, error) {
	return loadFollowing(ctx, s.db, scopeOf(actor), id)
}

// editable loads a client for a change by actor inside tx, locked:
// ErrNotFound if the actor may not see it, access.ErrForbidden if they may
// see but not change it.
func editable(ctx context.Context, tx pgx.Tx, actor access.Actor, id int64) (Client, error) {
	c, err := loadClient(ctx, tx, scopeOf(actor), id, true)
	if err != nil {
		return Client{}, err
	}
	if c.MergedInto != 0 {
		return Client{}, ErrNotFound // a tombstone takes no changes; its survivor does
	}
	if !actor.CanEdit(c.TeamID, c.OwnerID) {
		return Client{}, access.ErrForbidden
	}
	return c, nil
}
