package visit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

const selectFollowUp = `SELECT v.id AS visit_id, v.client_id, c.name AS client_name,
	v.follow_up_on AS due, v.follow_up_on < $1::date AS overdue, v.notes
FROM visits v JOIN clients c ON c.id = v.client_id
WHERE v.follow_up_on IS NOT NULL AND NOT v.follow_up_done`

// FollowUps returns the open follow-ups the actor answers for (their own
// visits', and those handed to them: visits.follow_up_by) due today or
// earlier, in the team's time zone, the most overdue first.
func (s *Store) FollowUps(ctx context.Context, actor access.Actor) ([]FollowUp, error) {
	rows, err := s.db.Query(ctx, selectFollowUp+` AND coalesce(v.follow_up_by, v.author_id) = $2 AND v.follow_up_on <= $1::date AND c.archived_at IS NULL
		AND ($3::boolean OR c.team_id = $4)
		ORDER BY v.follow_up_on, v.id`, s.today(), actor.StaffID, actor.SeesAll(), actor.TeamID)
	if err != nil {
		return nil, fmt.Errorf("list follow-ups: %w", err)
	}
	fs, err := pgx.CollectRows(rows, pgx.RowToStructByName[FollowUp])
	if err != nil {
		return nil, fmt.Errorf("list follow-ups: %w", err)
	}
	return fs, nil
}

// NextFollowUp returns the client's earliest open follow-up, whoever
// promised it, or nil when there is none. ErrNotFound when the client is
// missing or invisible to the actor.
func (s *Store) NextFollowUp(ctx context.Context, actor access.Actor, clientID int64) (*FollowUp, error) {
	rows, err := s.db.Query(ctx, selectFollowUp+` AND v.client_id = $2 AND ($3::boolean OR c.team_id = $4)
		ORDER BY v.follow_up_on, v.id LIMIT 1`, s.today(), clientID, actor.SeesAll(), actor.TeamID)
	if err != nil {
		return nil, fmt.Errorf("next follow-up: %w", err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[FollowUp])
	if errors.Is(err, pgx.ErrNoRows) {
		// None, or a client the actor may not see: only then look closer.
		if err := s.checkClient(ctx, actor, clientID); err != nil {
			return nil, fmt.Errorf("next follow-up: %w", err)
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("next follow-up: %w", err)
	}
	return f, nil
}

// CompleteFollowUp marks the follow-up of a visit done. Whoever answers for
// it (the visit's author, or whom it was handed to),
// a manager of the client's team or an admin may; another teammate gets
// access.ErrForbidden. A visit the actor cannot see, or one without a
// follow-up, is ErrNotFound. Completing a done follow-up changes nothing.
func (s *Store) CompleteFollowUp(ctx context.Context, actor access.Actor, visitID int64) error {
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var author, team int64
		var due *time.Time
		var done bool
		err := tx.QueryRow(ctx, `SELECT coalesce(v.follow_up_by, v.author_id), c.team_id, v.follow_up_on, v.follow_up_done
			FROM visits v JOIN clients c ON c.id = v.client_id WHERE v.id = $1 FOR UPDATE OF v`, visitID).
			Scan(&author, &team, &due, &done)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !actor.CanSee(team)) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if author != actor.StaffID && actor.Role != access.Admin && (actor.Role != access.Manager || actor.TeamID != team) {
			return access.ErrForbidden
		}
		if due == nil {
			return fmt.Errorf("no follow-up on visit: %w", ErrNotFound)
		}
		if done {
			return nil
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE visits SET follow_up_done = true WHERE id = $1`, visitID); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "visit", EntityID: visitID,
			Action: "follow_up_done", At: now})
	})
	if err != nil {
		return fmt.Errorf("complete follow-up %d: %w", visitID, err)
	}
	return nil
}
