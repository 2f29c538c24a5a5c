package export

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// ErrInvalid is wrapped by the errors of a Filter that names no team,
// owner, tier or stage the actor may export: a forged button or a colleague
// who moved team meanwhile. It is not told apart from a team or person the
// actor may not see.
var ErrInvalid = errors.New("invalid export filter")

// Filter says what to export. The actor's role bounds it: a salesperson
// exports their own clients, a manager their team's, an admin one team or
// all of them.
type Filter struct {
	// TeamID is the team to export; 0 means every team, for admins only.
	// Managers and salespeople may leave it 0 or name their own team.
	TeamID int64
	// OwnerID keeps the clients of one owner (0: every owner). A
	// salesperson may name only themselves.
	OwnerID int64
	// Tier and Stage keep the clients of that tier or stage ("": any).
	Tier, Stage string
	// Period is the span of the visits and feedback exported.
	Period Period
	// Lang is the language of the sheets' names, headers and labels.
	Lang i18n.Lang
}

// scope is a Filter checked against the actor: the clients exported are
// those matching every non-zero field.
type scope struct {
	team, owner int64
	tier, stage string
}

// resolve checks f against the actor's rights and returns what it keeps.
func resolve(ctx context.Context, db pgx.Tx, actor access.Actor, f Filter) (scope, error) {
	var s scope
	switch actor.Role {
	case access.Admin:
		s.team = f.TeamID
	case access.Manager, access.Sales:
		if actor.TeamID == 0 || (f.TeamID != 0 && f.TeamID != actor.TeamID) {
			return scope{}, fmt.Errorf("export team %d: %w", f.TeamID, access.ErrForbidden)
		}
		s.team = actor.TeamID
	default:
		return scope{}, fmt.Errorf("export as %q: %w", actor.Role, access.ErrForbidden)
	}
	if actor.Role == access.Sales {
		if f.OwnerID != 0 && f.OwnerID != actor.StaffID {
			return scope{}, fmt.Errorf("export a colleague's clients: %w", access.ErrForbidden)
		}
		s.owner = actor.StaffID
	} else if f.OwnerID != 0 {
		if err := checkOwner(ctx, db, actor, s.team, f.OwnerID); err != nil {
			return scope{}, err
		}
		s.owner = f.OwnerID
	}
	if f.Tier != "" && !slices.Contains(client.Tiers, f.Tier) {
		return scope{}, fmt.Errorf("export tier %q: %w", f.Tier, ErrInvalid)
	}
	if f.Stage != "" && !slices.Contains(client.Stages, f.Stage) {
		return scope{}, fmt.Errorf("export stage %q: %w", f.Stage, ErrInvalid)
	}
	if !f.Period.IsZero() && f.Period.To.Before(f.Period.From) {
		return scope{}, fmt.Errorf("export period %s: %w", f.Period, ErrInvalid)
	}
	s.tier, s.stage = f.Tier, f.Stage
	if s.team != 0 {
		var n int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM teams WHERE id = $1`, s.team).Scan(&n); err != nil {
			return scope{}, fmt.Errorf("export team: %w", err)
		}
		if n == 0 {
			return scope{}, fmt.Errorf("export team %d: %w", s.team, ErrInvalid)
		}
	}
	return s, nil
}

// checkOwner refuses an owner outside the exported team, or one the actor
// may not see. A deactivated owner is allowed: their clients may still
// await a hand-over.
func checkOwner(ctx context.Context, db pgx.Tx, actor access.Actor, team, owner int64) error {
	var ownerTeam *int64
	err := db.QueryRow(ctx, `SELECT team_id FROM staff WHERE id = $1`, owner).Scan(&ownerTeam)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("export owner %d: %w", owner, ErrInvalid)
	case err != nil:
		return fmt.Errorf("export owner: %w", err)
	}
	if ownerTeam == nil || !actor.CanSee(*ownerTeam) || (team != 0 && *ownerTeam != team) {
		return fmt.Errorf("export owner %d: %w", owner, ErrInvalid)
	}
	return nil
}

// where is the scope as a condition on clients aliased c, appending its
// arguments to args, numbered after those already there.
func (s scope) where(args []any) (string, []any) {
	var conds []string
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	conds = append(conds, liveClients)
	if s.team != 0 {
		add("c.team_id = $?", s.team)
	}
	if s.owner != 0 {
		add("c.owner_id = $?", s.owner)
	}
	if s.tier != "" {
		add("c.tier = $?", s.tier)
	}
	if s.stage != "" {
		add("c.stage = $?", s.stage)
	}
	return strings.Join(conds, " AND "), args
}
