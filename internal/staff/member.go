package staff

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// members runs a memberSelect query and collects its rows.
func members(ctx context.Context, db querier, where string, args ...any) ([]Member, error) {
	rows, err := db.Query(ctx, memberSelect+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Member])
}

// member runs a memberSelect query for one row; none is ErrNotFound.
func member(ctx context.Context, db querier, where string, args ...any) (Member, error) {
	ms, err := members(ctx, db, where, args...)
	if err != nil {
		return Member{}, err
	}
	if len(ms) == 0 {
		return Member{}, ErrNotFound
	}
	return ms[0], nil
}

// ByTelegramID returns the active member with that Telegram user id; an
// unknown or deactivated user is ErrNotFound.
func (s *Store) ByTelegramID(ctx context.Context, telegramID int64) (Member, error) {
	m, err := member(ctx, s.db, `WHERE s.telegram_id = $1 AND s.active`, telegramID)
	if err != nil {
		return Member{}, fmt.Errorf("staff by telegram id: %w", err)
	}
	return m, nil
}

// ByID returns a member, active or not, without any access check: for system
// use such as addressing notifications.
func (s *Store) ByID(ctx context.Context, id int64) (Member, error) {
	m, err := member(ctx, s.db, `WHERE s.id = $1`, id)
	if err != nil {
		return Member{}, fmt.Errorf("staff by id: %w", err)
	}
	return m, nil
}

// Get returns a member, active or not, that the actor may see: one of their
// own team, or anyone for an admin. Anyone else is ErrNotFound.
func (s *Store) Get(ctx context.Context, actor access.Actor, id int64) (Member, error) {
	m, err := member(ctx, s.db, `WHERE s.id = $1 AND ($2 OR (s.team_id IS NOT NULL AND s.team_id = $3))`,
		id, actor.SeesAll(), actor.TeamID)
	if err != nil {
		return Member{}, fmt.Errorf("get staff: %w", err)
	}
	return m, nil
}

// TeamMembers returns the active members of a team, managers first, then by
// name. A team that does not exist or that the actor may not see is ErrNotFound.
func (s *Store) TeamMembers(ctx context.Context, actor access.Actor, teamID int64) ([]Member, error) {
	if !actor.CanSee(teamID) {
		return nil, fmt.Errorf("team members: %w", ErrNotFound)
	}
	if _, err := team(ctx, s.db, `WHERE id = $1`, teamID); err != nil {
		return nil, fmt.Errorf("team members: %w", err)
	}
	ms, err := members(ctx, s.db, `WHERE s.team_id = $1 AND s.active
		ORDER BY s.role = 'manager' DESC, lower(s.name), s.id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("team members: %w", err)
	}
	return ms, nil
}

// Managers returns the active managers of a team, for notifications.
func (s *Store) Managers(ctx context.Context, teamID int64) ([]Member, error) {
	ms, err := members(ctx, s.db, `WHERE s.team_id = $1 AND s.role = 'manager' AND s.active ORDER BY s.id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("team managers: %w", err)
	}
	return ms, nil
}

// Admins returns the active admins, for notifications that go above a team.
func (s *Store) Admins(ctx context.Context) ([]Member, error) {
	ms, err := members(ctx, s.db, `WHERE s.role = 'admin' AND s.active ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("admins: %w", err)
	}
	return ms, nil
}

// SetLang sets the language a member is spoken to in: "zh" or "en".
func (s *Store) SetLang(ctx context.Context, staffID int64, lang string) error {
	if lang != "zh" && lang != "en" {
		return fmt.Errorf("set lang %q: %w", lang, ErrInvalidLang)
	}
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT lang FROM staff WHERE id = $1 FOR UPDATE`, staffID).Scan(&old)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || old == lang {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE staff SET lang = $2 WHERE id = $1`, staffID, lang); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: staffID, Entity: "staff", EntityID: staffID,
			Action: "update", Changes: audit.Diff(map[string]any{"lang": old}, map[string]any{"lang": lang}), At: s.now()})
	})
	if err != nil {
		return fmt.Errorf("set lang: %w", err)
	}
	return nil
}

// Deactivate takes a member off the staff: they are no longer recognised by
// ByTelegramID. Admins may deactivate anyone but themselves; managers the
// salespeople of their own team. A member the actor may not see is
// ErrNotFound; one they see but may not deactivate is access.ErrForbidden.
// Deactivating an inactive member does nothing. The chat deactivates through
// internal/handover, which hands the member's clients over in the same
// transaction (DeactivateTx).
func (s *Store) Deactivate(ctx context.Context, actor access.Actor, staffID int64) error {
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		_, err := s.DeactivateTx(ctx, tx, actor, staffID)
		return err
	})
	if err != nil {
		return fmt.Errorf("deactivate staff: %w", err)
	}
	return nil
}

// DeactivateTx is Deactivate inside the caller's transaction, so that what
// must happen with it (handing the member's clients over) commits or rolls
// back with it. It returns the member as they were before: Active false
// means they were already inactive and nothing changed. The member's row
// stays locked until tx ends.
func (s *Store) DeactivateTx(ctx context.Context, tx pgx.Tx, actor access.Actor, staffID int64) (Member, error) {
	m, err := member(ctx, tx, `WHERE s.id = $1 FOR UPDATE OF s`, staffID)
	if err == nil && !actor.CanSee(m.TeamID) {
		err = ErrNotFound
	}
	if err != nil {
		return Member{}, err
	}
	if !canDeactivate(actor, staffID, m.Role, m.TeamID) {
		return Member{}, access.ErrForbidden
	}
	if !m.Active {
		return m, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE staff SET active = false WHERE id = $1`, staffID); err != nil {
		return Member{}, err
	}
	return m, audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "staff", EntityID: staffID,
		Action: "deactivate", Changes: map[string]any{"active": audit.Change{From: true, To: false}}, At: s.now()})
}

// canDeactivate is the rule for Deactivate. Nobody deactivates themselves,
// so an admin cannot lock the last admin out by a slip of the finger.
func canDeactivate(actor access.Actor, staffID int64, role access.Role, teamID int64) bool {
	if actor.StaffID == staffID {
		return false
	}
	switch actor.Role {
	case access.Admin:
		return true
	case access.Manager:
		return role == access.Sales && actor.TeamID != 0 && teamID == actor.TeamID
	}
	return false
}
