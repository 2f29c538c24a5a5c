package client

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

const contactColumns = `id, client_id, name, position, phone, email, birthday, is_primary, greeting_opt_in, created_at`

// Contacts returns a client's contacts, the primary one first, or
// ErrNotFound when the actor may not see the client.
func (s *Store) Contacts(ctx context.Context, actor access.Actor, clientID int64) ([]Contact, error) {
	scope := scopeOf(actor)
	// The access check rides in the query; an empty list is checked again
	// to tell "no contacts" from "no such client".
	rows, err := s.db.Query(ctx, `SELECT `+contactColumns+` FROM contacts
		WHERE client_id = $1 AND EXISTS (SELECT 1 FROM clients c WHERE c.id = $1 AND ($2::bigint = 0 OR c.team_id = $2))
		ORDER BY is_primary DESC, id`, clientID, scope)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Contact])
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	if len(out) == 0 {
		if _, err := loadClient(ctx, s.db, scope, clientID, false); err != nil {
			return nil, fmt.Errorf("list contacts: %w", err)
		}
	}
	return out, nil
}

// AddContact adds a contact to a client the actor may edit (access.CanEdit).
// A new primary contact takes the flag from the old one; the first contact
// of a client is primary whatever IsPrimary says. A repeat with the same
// non-zero originUpdate returns the contact added the first time, with
// created false.
func (s *Store) AddContact(ctx context.Context, actor access.Actor, clientID int64, d ContactDraft, originUpdate int64) (Contact, bool, error) {
	d, err := d.clean()
	if err != nil {
		return Contact{}, false, err
	}
	var out Contact
	var created bool
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := editable(ctx, tx, actor, clientID); err != nil {
			return err
		}
		now := s.now()
		if out, created, err = insertContact(ctx, tx, actor, clientID, d, now, originUpdate); err != nil || !created {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE clients SET updated_at = $2 WHERE id = $1`, clientID, now); err != nil {
			return fmt.Errorf("touch client: %w", err)
		}
		return reindex(ctx, tx, clientID)
	})
	if err != nil {
		return Contact{}, false, fmt.Errorf("add contact: %w", err)
	}
	return out, created, nil
}

// insertContact writes a validated contact and its audit entry in tx.
func insertContact(ctx context.Context, tx pgx.Tx, actor access.Actor, clientID int64, d ContactDraft, now time.Time, originUpdate int64) (Contact, bool, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO contacts (client_id, name, position, phone, phone_digits, email,
			birthday, greeting_opt_in, created_at, updated_at, origin_update)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
		ON CONFLICT (origin_update) DO NOTHING RETURNING id`,
		clientID, d.Name, d.Position, d.Phone, digitsOf(d.Phone), d.Email, d.Birthday, d.GreetingOptIn,
		now, origin(originUpdate)).Scan(&id)
	created := true
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		created = false
		err = tx.QueryRow(ctx, `SELECT id FROM contacts WHERE origin_update = $1`, originUpdate).Scan(&id)
	case err == nil:
		err = makePrimary(ctx, tx, clientID, id, d.IsPrimary, now)
		if err == nil {
			err = audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "contact", EntityID: id,
				Action: "create", At: now, Changes: map[string]any{"client_id": clientID, "name": d.Name,
					"position": d.Position, "greeting_opt_in": d.GreetingOptIn}})
		}
	}
	if err != nil {
		return Contact{}, false, fmt.Errorf("insert contact: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id = $1`, id)
	if err != nil {
		return Contact{}, false, fmt.Errorf("read contact: %w", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Contact])
	if err != nil {
		return Contact{}, false, fmt.Errorf("read contact: %w", err)
	}
	return c, created, nil
}

// makePrimary gives contact id the primary flag when asked to, or when the
// client has no primary contact yet. The old flag is cleared first: the
// unique index on primaries is checked row by row.
func makePrimary(ctx context.Context, tx pgx.Tx, clientID, id int64, asked bool, now time.Time) error {
	if !asked {
		var has bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contacts WHERE client_id = $1 AND is_primary)`,
			clientID).Scan(&has); err != nil {
			return err
		}
		if has {
			return nil
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE contacts SET is_primary = false, updated_at = $2
		WHERE client_id = $1 AND is_primary`, clientID, now); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE contacts SET is_primary = true WHERE id = $1`, id)
	return err
}
