package handover

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Client hands one client to the member toID, with its open items (see the
// package doc). Managers hand over any client of their team to a member of
// it; admins any client to an active member of any team, which moves the
// client to that team. Salespeople get access.ErrForbidden; a client the
// actor may not see is ErrNotFound; a receiver who may not receive it is
// ErrReceiver, its owner already ErrAlreadyOwner. origin is the update that
// asked, which keys the new owner's notice.
func (s *Store) Client(ctx context.Context, actor access.Actor, clientID, toID, origin int64) (Result, error) {
	if err := mayHandOver(actor); err != nil {
		return Result{}, fmt.Errorf("hand over client: %w", err)
	}
	var res Result
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		cs, err := lockClients(ctx, tx, `WHERE c.id = $1 AND ($2::boolean OR c.team_id = $3)`, clientID, actor.SeesAll(), actor.TeamID)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return ErrNotFound
		}
		to, err := receiver(ctx, tx, actor, toID)
		if err != nil {
			return err
		}
		if cs[0].OwnerID == to.ID {
			return ErrAlreadyOwner
		}
		m, err := moveClient(ctx, tx, actor.StaffID, cs[0], to, "handover", s.now())
		if err != nil {
			return err
		}
		res.Moved = []Moved{m}
		res.Names, err = notify(ctx, tx, actor.StaffID, res.Moved, s.originKey(actor, origin))
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("hand over client %d: %w", clientID, err)
	}
	return res, nil
}

// All hands every client of the member fromID (in the actor's team, for a
// manager) to the member toID, in one transaction, with the rights of
// Client; a manager may do it for the salespeople of their team and for
// themselves, anyone else of the team is access.ErrForbidden. A person
// without clients hands over nothing (an empty Result).
func (s *Store) All(ctx context.Context, actor access.Actor, fromID, toID, origin int64) (Result, error) {
	if err := mayHandOver(actor); err != nil {
		return Result{}, fmt.Errorf("hand over clients: %w", err)
	}
	var res Result
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		from, err := loadPerson(ctx, tx, fromID)
		if err == nil && !actor.CanSee(from.TeamID) {
			err = ErrNotFound
		}
		if err != nil {
			return err
		}
		if actor.Role == access.Manager && from.Role != access.Sales && from.ID != actor.StaffID {
			return access.ErrForbidden
		}
		to, err := receiver(ctx, tx, actor, toID)
		if err != nil {
			return err
		}
		if to.ID == from.ID {
			return ErrAlreadyOwner
		}
		cs, err := lockClients(ctx, tx, `WHERE c.owner_id = $1 AND ($2::boolean OR c.team_id = $3)`, fromID, actor.SeesAll(), actor.TeamID)
		if err != nil {
			return err
		}
		now := s.now()
		for _, c := range cs {
			m, err := moveClient(ctx, tx, actor.StaffID, c, to, "handover", now)
			if err != nil {
				return err
			}
			res.Moved = append(res.Moved, m)
		}
		res.Names, err = notify(ctx, tx, actor.StaffID, res.Moved, s.originKey(actor, origin))
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("hand over clients of %d: %w", fromID, err)
	}
	return res, nil
}

// Holdings is what a person holds, for the screen that hands it over.
type Holdings struct {
	Clients, Feedback, FollowUps, Winbacks int
}

// Holdings counts the clients a member owns and the open items they hold,
// for a manager (their team) or an admin; anyone else is
// access.ErrForbidden, a member the actor may not see ErrNotFound.
func (s *Store) Holdings(ctx context.Context, actor access.Actor, staffID int64) (Holdings, error) {
	if err := mayHandOver(actor); err != nil {
		return Holdings{}, fmt.Errorf("holdings: %w", err)
	}
	var team int64
	err := s.db.QueryRow(ctx, `SELECT coalesce(team_id, 0) FROM staff WHERE id = $1`, staffID).Scan(&team)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !actor.CanSee(team)) {
		return Holdings{}, fmt.Errorf("holdings: %w", ErrNotFound)
	}
	if err != nil {
		return Holdings{}, fmt.Errorf("holdings: %w", err)
	}
	var h Holdings
	err = s.db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM clients WHERE owner_id = $1)::int,
		(SELECT count(*) FROM feedback WHERE assignee_id = $1 AND status <> 'resolved')::int,
		(SELECT count(*) FROM visits WHERE coalesce(follow_up_by, author_id) = $1 AND follow_up_on IS NOT NULL AND NOT follow_up_done)::int,
		(SELECT count(*) FROM churn_episodes WHERE winback_staff_id = $1 AND ended_on IS NULL)::int`, staffID).
		Scan(&h.Clients, &h.Feedback, &h.FollowUps, &h.Winbacks)
	if err != nil {
		return Holdings{}, fmt.Errorf("holdings: %w", err)
	}
	return h, nil
}
