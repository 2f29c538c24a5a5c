package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Create adds a client, with its optional first contact, its search keys and
// the audit entries, in one transaction. Who owns it depends on the actor:
// a salesperson owns what they create, in their team; a manager creates in
// their team for any active member of it; an admin in any team (TeamID is
// required when the admin has none). The next review is due today plus the
// tier's ReviewCadence. A repeat with the same non-zero originUpdate returns
// the client created the first time, with created false.
func (s *Store) Create(ctx context.Context, actor access.Actor, d Draft, originUpdate int64) (Client, bool, error) {
	d, err := d.clean()
	if err != nil {
		return Client{}, false, err
	}
	var out Client
	created := false
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		team, owner, err := placement(ctx, tx, actor, d)
		if err != nil {
			return err
		}
		now := s.now()
		review := s.today().AddDate(0, 0, ReviewCadence(d.Tier))
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO clients (team_id, owner_id, name, industry, size, tier, stage,
				region, address, source, needs, risk_note, created_at, updated_at, next_review_on, origin_update)
			VALUES ($1, $2, $3, $4, nullif($5, ''), $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15)
			ON CONFLICT (origin_update) DO NOTHING RETURNING id`,
			team, owner, d.Name, d.Industry, d.Size, d.Tier, d.Stage, d.Region, d.Address, d.Source,
			d.Needs, d.RiskNote, now, review, origin(originUpdate)).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			// The update was handled before: hand back what it created.
			if err := tx.QueryRow(ctx, `SELECT id FROM clients WHERE origin_update = $1`, originUpdate).Scan(&id); err != nil {
				return fmt.Errorf("find client of update %d: %w", originUpdate, err)
			}
			out, err = loadClient(ctx, tx, scopeOf(actor), id, false)
			return err
		}
		if err != nil {
			return fmt.Errorf("insert client: %w", err)
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: id,
			Action: "create", At: now, Changes: map[string]any{
				"name": d.Name, "team_id": team, "owner_id": owner, "industry": d.Industry, "size": d.Size,
				"tier": d.Tier, "stage": d.Stage, "region": d.Region, "source": d.Source,
			}}); err != nil {
			return err
		}
		if d.Contact != nil {
			c := *d.Contact
			c.IsPrimary = true // the first contact is the primary one
			if _, _, err := insertContact(ctx, tx, actor, id, c, now, 0); err != nil {
				return err
			}
		}
		if err := reindex(ctx, tx, id); err != nil {
			return err
		}
		out, err = loadClient(ctx, tx, 0, id, false)
		created = true
		return err
	})
	if err != nil {
		return Client{}, false, fmt.Errorf("create client: %w", err)
	}
	return out, created, nil
}

// placement decides the team and owner of a new client (see Create).
func placement(ctx context.Context, tx pgx.Tx, actor access.Actor, d Draft) (team, owner int64, err error) {
	switch actor.Role {
	case access.Sales:
		if actor.TeamID == 0 {
			return 0, 0, access.ErrForbidden
		}
		return actor.TeamID, actor.StaffID, nil
	case access.Manager:
		if actor.TeamID == 0 || d.TeamID != 0 && d.TeamID != actor.TeamID {
			return 0, 0, access.ErrForbidden
		}
		team = actor.TeamID
	case access.Admin:
		team = d.TeamID
		if team == 0 {
			team = actor.TeamID
		}
		if team == 0 {
			return 0, 0, invalid("team is required")
		}
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM teams WHERE id = $1)`, team).Scan(&ok); err != nil {
			return 0, 0, fmt.Errorf("check team: %w", err)
		}
		if !ok {
			return 0, 0, invalid("team %d does not exist", team)
		}
	default:
		return 0, 0, access.ErrForbidden
	}
	owner = d.OwnerID
	if owner == 0 {
		owner = actor.StaffID
	}
	if err := checkOwner(ctx, tx, team, owner); err != nil {
		return 0, 0, err
	}
	return team, owner, nil
}

// checkOwner accepts as owner of a client of team an active member of the
// team, or an active admin.
func checkOwner(ctx context.Context, tx pgx.Tx, team, owner int64) error {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM staff WHERE id = $1 AND active
		AND (team_id = $2 OR role = 'admin'))`, owner, team).Scan(&ok)
	if err != nil {
		return fmt.Errorf("check owner: %w", err)
	}
	if !ok {
		return invalid("owner must be an active member of the client's team")
	}
	return nil
}

// origin is the origin_update value to store: NULL for 0.
func origin(update int64) *int64 {
	if update == 0 {
		return nil
	}
	return &update
}
