package staff

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

// Team is a group of salespeople under one or more managers.
type Team struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	CreatedAt time.Time `db:"created_at"`
}

// team runs a query for one team; none is ErrNotFound.
func team(ctx context.Context, db querier, where string, args ...any) (Team, error) {
	ts, err := teams(ctx, db, where, args...)
	if err != nil {
		return Team{}, err
	}
	if len(ts) == 0 {
		return Team{}, ErrNotFound
	}
	return ts[0], nil
}

func teams(ctx context.Context, db querier, where string, args ...any) ([]Team, error) {
	rows, err := db.Query(ctx, `SELECT id, name, created_at FROM teams `+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Team])
}

// CreateTeam creates a team; admins only (access.ErrForbidden otherwise).
// The name must pass CheckTeamName (else ErrInvalidName) and is stored as
// it returns it; names are unique whatever their case (ErrTeamExists).
func (s *Store) CreateTeam(ctx context.Context, actor access.Actor, name string) (Team, error) {
	if !actor.CanManageTeams() {
		return Team{}, fmt.Errorf("create team: %w", access.ErrForbidden)
	}
	t, created, err := s.insertTeam(ctx, actor.StaffID, name)
	if err == nil && !created {
		err = ErrTeamExists
	}
	if err != nil {
		return Team{}, fmt.Errorf("create team: %w", err)
	}
	return t, nil
}

// EnsureTeam returns the team of that name (in any case), creating it if
// needed: for the operator's command line, so there is no actor. The name
// is checked as in CreateTeam.
func (s *Store) EnsureTeam(ctx context.Context, name string) (Team, error) {
	t, _, err := s.insertTeam(ctx, 0, name)
	if err != nil {
		return Team{}, fmt.Errorf("ensure team: %w", err)
	}
	return t, nil
}

// insertTeam creates the team unless one of that name exists, in which case
// it returns the existing one and created=false.
func (s *Store) insertTeam(ctx context.Context, actorID int64, name string) (t Team, created bool, err error) {
	name, err = CheckTeamName(name)
	if err != nil {
		return Team{}, false, err
	}
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		t, err = team(ctx, tx, `WHERE lower(name) = lower($1)`, name)
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		rows, err := tx.Query(ctx, `INSERT INTO teams (name, created_at) VALUES ($1, $2)
			ON CONFLICT ((lower(name))) DO NOTHING RETURNING id, name, created_at`, name, s.now())
		if err != nil {
			return err
		}
		ts, err := pgx.CollectRows(rows, pgx.RowToStructByName[Team])
		if err != nil {
			return err
		}
		if len(ts) == 0 { // created meanwhile by someone else
			t, err = team(ctx, tx, `WHERE lower(name) = lower($1)`, name)
			return err
		}
		t, created = ts[0], true
		return audit.Write(ctx, tx, audit.Entry{ActorID: actorID, Entity: "team", EntityID: t.ID,
			Action: "create", Changes: map[string]any{"name": t.Name}, At: s.now()})
	})
	return t, created, err
}

// Teams returns the teams the actor sees, by name: all for an admin, their
// own for anyone else.
func (s *Store) Teams(ctx context.Context, actor access.Actor) ([]Team, error) {
	ts, err := teams(ctx, s.db, `WHERE $1 OR id = $2 ORDER BY lower(name), id`, actor.SeesAll(), actor.TeamID)
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return ts, nil
}

// TeamByName returns the team of that name, cleaned as CheckTeamName
// cleans it and in any case. A name CheckTeamName refuses names no team:
// ErrNotFound.
func (s *Store) TeamByName(ctx context.Context, name string) (Team, error) {
	name, err := CheckTeamName(name)
	if err != nil {
		return Team{}, fmt.Errorf("team by name: not a team name: %w", ErrNotFound)
	}
	t, err := team(ctx, s.db, `WHERE lower(name) = lower($1)`, name)
	if err != nil {
		return Team{}, fmt.Errorf("team by name: %w", err)
	}
	return t, nil
}
