package feedback

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Store reads and writes feedback in PostgreSQL.
type Store struct {
	db     *pgxpool.Pool
	now    func() time.Time
	loc    *time.Location
	notify Notifier
}

// Notifier is called inside the transaction that creates a feedback record,
// so the notices it enqueues (into the outbox) commit or roll back with the
// record: nobody is told of feedback that was not saved, and no saved
// feedback goes untold.
type Notifier func(ctx context.Context, tx pgx.Tx, f Feedback) error

// OnCreated sets the Notifier; call it before the store is used.
func (s *Store) OnCreated(n Notifier) { s.notify = n }

// NewStore returns a store on db. now is the clock and loc the team's time
// zone, which together decide "today" for deadlines and overdue marks.
func NewStore(db *pgxpool.Pool, now func() time.Time, loc *time.Location) *Store {
	if loc == nil {
		loc = time.UTC
	}
	return &Store{db: db, now: now, loc: loc}
}

// today is the current calendar day in the store's time zone, as 00:00 UTC.
func (s *Store) today() time.Time {
	return dateOf(s.now().In(s.loc))
}

// selectFeedback reads a feedback row with the names a reader needs; callers
// append WHERE/ORDER clauses. Column names match Feedback's db tags.
const selectFeedback = `SELECT f.id, f.client_id, c.name AS client_name, c.team_id,
	f.author_id, au.name AS author_name, f.assignee_id, asg.name AS assignee_name,
	f.kind, f.severity, f.body, f.status, f.due_on, f.resolution,
	coalesce(f.contact_id, 0) AS contact_id, coalesce(ct.name, '') AS contact_name,
	f.created_at, f.updated_at, f.resolved_at
FROM feedback f
JOIN clients c ON c.id = f.client_id
JOIN staff au ON au.id = f.author_id
JOIN staff asg ON asg.id = f.assignee_id
LEFT JOIN contacts ct ON ct.id = f.contact_id`

// querier is a pool or a transaction.
// rowQuerier is a pool or a transaction reading one row.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// list runs a selectFeedback query and marks overdue records.
func (s *Store) list(ctx context.Context, db querier, sql string, args ...any) ([]Feedback, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Feedback])
	if err != nil {
		return nil, err
	}
	today := s.today()
	for i := range out {
		s.mark(&out[i], today)
	}
	return out, nil
}

func (s *Store) mark(f *Feedback, today time.Time) {
	f.Overdue = f.Status != Resolved && f.DueOn.Before(today)
}

// load reads one record the actor may see; forUpdate locks the feedback row
// so a permission check and the change after it see the same record.
func (s *Store) load(ctx context.Context, db querier, actor access.Actor, id int64, forUpdate bool) (Feedback, error) {
	sql := selectFeedback + ` WHERE f.id = $1`
	if forUpdate {
		sql += ` FOR UPDATE OF f`
	}
	out, err := s.list(ctx, db, sql, id)
	if err != nil {
		return Feedback{}, fmt.Errorf("load feedback %d: %w", id, err)
	}
	if len(out) == 0 || !actor.CanSee(out[0].TeamID) {
		return Feedback{}, ErrNotFound
	}
	return out[0], nil
}

// Get returns one record; ErrNotFound when it does not exist or its client's
// team is not visible to the actor.
func (s *Store) Get(ctx context.Context, actor access.Actor, id int64) (Feedback, error) {
	f, err := s.load(ctx, s.db, actor, id, false)
	if err != nil {
		return Feedback{}, fmt.Errorf("get feedback: %w", err)
	}
	return f, nil
}

// clientTeam returns the team and owner (0 if none) of a client the actor
// may see; ErrNotFound otherwise.
func clientTeam(ctx context.Context, db rowQuerier, actor access.Actor, clientID int64) (teamID, ownerID int64, err error) {
	var owner *int64
	err = db.QueryRow(ctx, `SELECT team_id, owner_id FROM clients WHERE id = $1`, clientID).Scan(&teamID, &owner)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !actor.CanSee(teamID)) {
		return 0, 0, ErrNotFound
	}
	if err != nil {
		return 0, 0, fmt.Errorf("read client %d: %w", clientID, err)
	}
	if owner != nil {
		ownerID = *owner
	}
	return teamID, ownerID, nil
}

// canAssign reports whether staffID may be made responsible for feedback on
// a client of teamID: an active member of that team, or an active admin.
func canAssign(ctx context.Context, db pgx.Tx, staffID, teamID int64) (bool, error) {
	var ok bool
	err := db.QueryRow(ctx, `SELECT active AND (role = 'admin' OR coalesce(team_id = $2, false)) FROM staff WHERE id = $1`,
		staffID, teamID).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read staff %d: %w", staffID, err)
	}
	return ok, nil
}
