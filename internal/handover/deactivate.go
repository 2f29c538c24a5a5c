package handover

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// Receiver says who receives the clients of a member who leaves: one
// colleague (StaffID), or the active managers of each client's team, in
// turn by client id (Managers), so a departing salesperson's clients are
// spread evenly over the team's managers.
type Receiver struct {
	StaffID  int64
	Managers bool
}

// Deactivate takes a member off the staff and hands their clients over in
// the same transaction: from its commit on they are not recognised (they
// are strangers to the bot) and their clients belong to the receivers.
// Open items they held on clients they did not own (feedback, follow-ups,
// win-backs) go to that client's owner, or, without an active owner, to the
// receiver when they are in the client's team. The rights are those of
// staff.Deactivate (ErrNotFound, access.ErrForbidden), and of Client for the
// chosen colleague (ErrReceiver). Without a receiver for a client they own,
// nothing happens: ErrNoReceiver.
func (s *Store) Deactivate(ctx context.Context, actor access.Actor, staffID int64, to Receiver, origin int64) (Result, error) {
	var res Result
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		was, err := s.staff.DeactivateTx(ctx, tx, actor, staffID)
		if errors.Is(err, staff.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		res.Deactivated = was.Active
		pick, err := picker(ctx, tx, actor, staffID, to)
		if err != nil {
			return err
		}
		now := s.now()
		owned, err := lockClients(ctx, tx, `WHERE c.owner_id = $1`, staffID)
		if err != nil {
			return err
		}
		for _, c := range owned {
			p, ok, err := pick(c.TeamID, true)
			if err != nil {
				return err
			}
			if !ok {
				return ErrNoReceiver
			}
			m, err := moveClient(ctx, tx, actor.StaffID, c, p, "deactivate", now)
			if err != nil {
				return err
			}
			res.Moved = append(res.Moved, m)
		}
		others, err := s.othersItems(ctx, tx, actor.StaffID, staffID, pick)
		if err != nil {
			return err
		}
		res.Moved = append(res.Moved, others...)
		res.Names, err = notify(ctx, tx, actor.StaffID, res.Moved, s.originKey(actor, origin))
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("deactivate and hand over %d: %w", staffID, err)
	}
	return res, nil
}

// othersSQL finds the clients, not owned by $1, on which $1 holds open items.
const othersSQL = `WHERE c.owner_id IS DISTINCT FROM $1 AND (
	EXISTS (SELECT 1 FROM feedback f WHERE f.client_id = c.id AND f.assignee_id = $1 AND f.status <> 'resolved')
	OR EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id AND coalesce(v.follow_up_by, v.author_id) = $1
		AND v.follow_up_on IS NOT NULL AND NOT v.follow_up_done)
	OR EXISTS (SELECT 1 FROM churn_episodes e WHERE e.client_id = c.id AND e.winback_staff_id = $1 AND e.ended_on IS NULL))`

// othersItems moves the departing member's open items on clients they do
// not own to each client's active owner, or else to the receiver.
func (s *Store) othersItems(ctx context.Context, tx pgx.Tx, actorID, staffID int64, pick pickFunc) ([]Moved, error) {
	cs, err := lockClients(ctx, tx, othersSQL, staffID)
	if err != nil {
		return nil, err
	}
	var out []Moved
	for _, c := range cs {
		var to person
		ok := false
		if c.OwnerID != 0 {
			if to, err = loadPerson(ctx, tx, c.OwnerID); err != nil {
				return nil, err
			}
			ok = to.Active && (to.TeamID == c.TeamID || to.Role == access.Admin)
		}
		if !ok {
			if to, ok, err = pick(c.TeamID, false); err != nil {
				return nil, err
			}
		}
		if !ok {
			continue // the team's managers still see the client and its alerts
		}
		m := Moved{ClientID: c.ID, Name: c.Name, From: staffID, To: to.ID, FromTeam: c.TeamID, ToTeam: c.TeamID}
		if err := moveOpenItems(ctx, tx, actorID, &m, s.now()); err != nil {
			return nil, err
		}
		if m.Feedback+m.FollowUps+m.Winbacks > 0 {
			out = append(out, m)
		}
	}
	return out, nil
}

// pickFunc names who receives a client of team (owner: the client itself;
// otherwise only open items on it); ok is false when nobody may.
type pickFunc func(team int64, owner bool) (p person, ok bool, err error)

// picker is the Receiver rule as a function.
func picker(ctx context.Context, tx pgx.Tx, actor access.Actor, staffID int64, r Receiver) (pickFunc, error) {
	switch {
	case r.StaffID != 0:
		to, err := receiver(ctx, tx, actor, r.StaffID)
		if err != nil {
			return nil, err
		}
		if to.ID == staffID {
			return nil, ErrReceiver
		}
		return func(team int64, owner bool) (person, bool, error) {
			if to.TeamID != team && (!owner || !actor.SeesAll()) {
				return person{}, false, nil
			}
			return to, true, nil
		}, nil
	case r.Managers:
		managers := map[int64][]person{}
		turn := map[int64]int{}
		return func(team int64, _ bool) (person, bool, error) {
			ms, ok := managers[team]
			if !ok {
				rows, err := tx.Query(ctx, personSelect+`WHERE team_id = $1 AND role = 'manager' AND active AND id <> $2 ORDER BY id`, team, staffID)
				if err != nil {
					return person{}, false, fmt.Errorf("team managers: %w", err)
				}
				if ms, err = pgx.CollectRows(rows, pgx.RowToStructByName[person]); err != nil {
					return person{}, false, fmt.Errorf("team managers: %w", err)
				}
				managers[team] = ms
			}
			if len(ms) == 0 {
				return person{}, false, nil
			}
			p := ms[turn[team]%len(ms)]
			turn[team]++
			return p, true, nil
		}, nil
	}
	return func(int64, bool) (person, bool, error) { return person{}, false, nil }, nil
}
