package client

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// CanTidy reports whether the actor may archive, restore and merge the
// clients of a team: its managers and admins. A salesperson may not, even
// for their own clients: archiving hides a client from everyone's search
// and jobs, which is the team's decision, not one owner's.
func CanTidy(actor access.Actor, teamID int64) bool {
	switch actor.Role {
	case access.Admin:
		return true
	case access.Manager:
		return actor.TeamID != 0 && actor.TeamID == teamID
	}
	return false
}

// tidyable loads a live (not merged) client for an archive, a restore or a
// merge by actor inside tx, locked: ErrNotFound if they may not see it or
// it is a tombstone, access.ErrForbidden if they may see it but not tidy it.
func tidyable(ctx context.Context, tx pgx.Tx, actor access.Actor, id int64) (Client, error) {
	return tidyLoad(ctx, tx, actor, id, true)
}

// tidyLoad is tidyable with the lock optional (a read-only plan takes none).
func tidyLoad(ctx context.Context, q querier, actor access.Actor, id int64, lock bool) (Client, error) {
	c, err := loadClient(ctx, q, scopeOf(actor), id, lock)
	if err != nil {
		return Client{}, err
	}
	if c.MergedInto != 0 {
		return Client{}, ErrNotFound
	}
	if !CanTidy(actor, c.TeamID) {
		return Client{}, access.ErrForbidden
	}
	return c, nil
}

// Archive hides a client instead of deleting it: from search, the lists
// (/mine, recent clients), the duplicate checks and every scheduled job
// (reminders, churn, greetings, digest, escalation). Its records stay, and
// managers and admins still open its card by id and Restore it. An open
// churn episode ends (reason "archived"): nobody is to act on it. Managers
// of the client's team and admins only (CanTidy). Archiving an archived
// client changes nothing. Audited as action "archive".
func (s *Store) Archive(ctx context.Context, actor access.Actor, id int64) (Client, error) {
	var out Client
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := tidyable(ctx, tx, actor, id)
		if err != nil || c.ArchivedAt != nil {
			out = c
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE clients SET archived_at = $2, archived_by = $3 WHERE id = $1`,
			id, now, actor.StaffID); err != nil {
			return fmt.Errorf("archive: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE churn_episodes SET ended_on = $2, end_reason = 'archived'
			WHERE client_id = $1 AND ended_on IS NULL`, id, s.today()); err != nil {
			return fmt.Errorf("end churn episode: %w", err)
		}
		if err := unindex(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: id,
			Action: "archive", At: now, Changes: map[string]any{"name": c.Name}}); err != nil {
			return err
		}
		out, err = loadClient(ctx, tx, 0, id, false)
		return err
	})
	if err != nil {
		return Client{}, fmt.Errorf("archive client: %w", err)
	}
	return out, nil
}

// Restore brings an archived client back: into search (reindexed), the
// lists and the jobs. A merged client cannot be restored (ErrNotFound): its
// records live on in its survivor. Rights as for Archive; restoring a live
// client changes nothing. Audited as action "restore".
func (s *Store) Restore(ctx context.Context, actor access.Actor, id int64) (Client, error) {
	var out Client
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := tidyable(ctx, tx, actor, id)
		if err != nil || c.ArchivedAt == nil {
			out = c
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE clients SET archived_at = NULL, archived_by = NULL WHERE id = $1`, id); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if err := reindex(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: id,
			Action: "restore", At: now, Changes: map[string]any{"name": c.Name}}); err != nil {
			return err
		}
		out, err = loadClient(ctx, tx, 0, id, false)
		return err
	})
	if err != nil {
		return Client{}, fmt.Errorf("restore client: %w", err)
	}
	return out, nil
}
