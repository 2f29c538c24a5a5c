package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// The fields of a contact UpdateContact changes.
const (
	ContactFieldName     = "name"
	ContactFieldPosition = "position"
	ContactFieldPhone    = "phone"
	ContactFieldEmail    = "email"
	ContactFieldBirthday = "birthday" // YYYY-MM-DD, "" to clear
	ContactFieldPrimary  = "primary"  // the value is ignored: the contact becomes the primary one
)

// ContactPatch changes one field of a contact, the value as text, checked
// with the rule that applies when a contact is added (CheckContactName,
// CheckPosition, CheckPhone, CheckEmail).
type ContactPatch struct {
	Field string
	Value string
}

// Contact returns one contact of a client the actor may see, or ErrNotFound.
func (s *Store) Contact(ctx context.Context, actor access.Actor, contactID int64) (Contact, error) {
	c, err := loadContact(ctx, s.db, scopeOf(actor), contactID, false)
	if err != nil {
		return Contact{}, fmt.Errorf("get contact: %w", err)
	}
	return c, nil
}

// UpdateContact changes one field of a contact of a client the actor may
// edit (access.CanEdit): ErrNotFound if they may not see it,
// access.ErrForbidden if they may see but not change it, ErrInvalid for a bad
// field or value. The change is audited with its old and new value and the
// client's id (so the client's change history lists it), and the client is
// reindexed, since contacts' names and phones are search keys. Setting a
// field to its current value changes nothing.
func (s *Store) UpdateContact(ctx context.Context, actor access.Actor, contactID int64, p ContactPatch) (Contact, error) {
	var out Contact
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		ct, err := editableContact(ctx, tx, actor, contactID)
		if err != nil {
			return err
		}
		now := s.now()
		field := strings.ToLower(strings.TrimSpace(p.Field))
		if field == ContactFieldPrimary {
			if ct.IsPrimary {
				out = ct
				return nil
			}
			if err := makePrimary(ctx, tx, ct.ClientID, ct.ID, true, now); err != nil {
				return fmt.Errorf("make primary: %w", err)
			}
			if err := contactChanged(ctx, tx, actor, ct, "update", map[string]any{"is_primary": audit.Change{From: false, To: true}}, now); err != nil {
				return err
			}
		} else {
			ch, err := contactChange(ct, field, p.Value)
			if err != nil {
				return err
			}
			if fmt.Sprint(ch.from) == fmt.Sprint(ch.to) {
				out = ct
				return nil
			}
			// ch.column comes from contactChange's fixed list, never from the caller.
			if _, err := tx.Exec(ctx, `UPDATE contacts SET `+ch.column+` = $2, updated_at = $3 WHERE id = $1`,
				ct.ID, ch.value, now); err != nil {
				return fmt.Errorf("update contact %s: %w", ch.column, err)
			}
			if ch.column == "phone" {
				if _, err := tx.Exec(ctx, `UPDATE contacts SET phone_digits = $2 WHERE id = $1`, ct.ID, digitsOf(ch.to.(string))); err != nil {
					return fmt.Errorf("update contact phone digits: %w", err)
				}
			}
			if err := contactChanged(ctx, tx, actor, ct, "update", map[string]any{ch.column: audit.Change{From: ch.from, To: ch.to}}, now); err != nil {
				return err
			}
		}
		out, err = loadContact(ctx, tx, 0, ct.ID, false)
		return err
	})
	if err != nil {
		return Contact{}, fmt.Errorf("update contact: %w", err)
	}
	return out, nil
}

// RemoveContact deletes a contact of a client the actor may edit, with the
// same answers as UpdateContact. When it was the primary contact, the oldest
// remaining contact becomes primary, so a client with contacts always has
// one; next is that contact (zero when none remains or the removed one was
// not primary). The removal is audited with the contact's details and the
// client's id, and the client reindexed.
func (s *Store) RemoveContact(ctx context.Context, actor access.Actor, contactID int64) (removed, next Contact, err error) {
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		ct, err := editableContact(ctx, tx, actor, contactID)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `DELETE FROM contacts WHERE id = $1`, ct.ID); err != nil {
			return fmt.Errorf("delete contact: %w", err)
		}
		changes := map[string]any{"name": ct.Name, "position": ct.Position, "phone": ct.Phone, "email": ct.Email,
			"is_primary": ct.IsPrimary}
		if ct.Birthday != nil {
			changes["birthday"] = ct.Birthday.Format(time.DateOnly)
		}
		if err := contactChanged(ctx, tx, actor, ct, "delete", changes, now); err != nil {
			return err
		}
		removed = ct
		if !ct.IsPrimary {
			return nil
		}
		var id int64
		err = tx.QueryRow(ctx, `SELECT id FROM contacts WHERE client_id = $1 ORDER BY created_at, id LIMIT 1`, ct.ClientID).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("next primary contact: %w", err)
		}
		if err := makePrimary(ctx, tx, ct.ClientID, id, true, now); err != nil {
			return fmt.Errorf("next primary contact: %w", err)
		}
		next, err = loadContact(ctx, tx, 0, id, false)
		if err != nil {
			return err
		}
		return contactChanged(ctx, tx, actor, next, "update", map[string]any{"is_primary": audit.Change{From: false, To: true},
			"reason": "primary_removed"}, now)
	})
	if err != nil {
		return Contact{}, Contact{}, fmt.Errorf("remove contact: %w", err)
	}
	return removed, next, nil
}

// contactChanged audits a change of contact ct (with its client's id, which
// the client's change history is found by), touches the client and
// reindexes it.
func contactChanged(ctx context.Context, tx pgx.Tx, actor access.Actor, ct Contact, action string, changes map[string]any, now time.Time) error {
	changes["client_id"] = ct.ClientID
	if _, ok := changes["name"]; !ok {
		changes["contact"] = ct.Name // the history names whose field changed
	}
	if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "contact", EntityID: ct.ID,
		Action: action, Changes: changes, At: now}); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE clients SET updated_at = $2 WHERE id = $1`, ct.ClientID, now); err != nil {
		return fmt.Errorf("touch client: %w", err)
	}
	return reindex(ctx, tx, ct.ClientID)
}

// contactChange validates the patch of one text or date field of ct.
func contactChange(ct Contact, field, value string) (change, error) {
	var check func(string) (string, error)
	var cur string
	switch field {
	case ContactFieldName:
		check, cur = CheckContactName, ct.Name
	case ContactFieldPosition:
		check, cur = CheckPosition, ct.Position
	case ContactFieldPhone:
		check, cur = CheckPhone, ct.Phone
	case ContactFieldEmail:
		check, cur = CheckEmail, ct.Email
	case ContactFieldBirthday:
		return dateChange("birthday", ct.Birthday, value, "1980-05-12")
	default:
		return change{}, invalid("unknown contact field %q", field)
	}
	v, err := check(value)
	if err != nil {
		return change{}, err
	}
	return change{field, v, cur, v}, nil
}

// editableContact loads a contact for a change by actor inside tx, its
// client locked: ErrNotFound if the actor may not see the client,
// access.ErrForbidden if they may see but not change it.
func editableContact(ctx context.Context, tx pgx.Tx, actor access.Actor, contactID int64) (Contact, error) {
	var clientID int64
	err := tx.QueryRow(ctx, `SELECT client_id FROM contacts WHERE id = $1`, contactID).Scan(&clientID)
	if errors.Is(err, pgx.ErrNoRows) {
		return Contact{}, ErrNotFound
	}
	if err != nil {
		return Contact{}, fmt.Errorf("find contact: %w", err)
	}
	if _, err := editable(ctx, tx, actor, clientID); err != nil {
		return Contact{}, err
	}
	// Read again under the client's lock: the contact may have moved or gone.
	ct, err := loadContact(ctx, tx, 0, contactID, true)
	if err != nil {
		return Contact{}, err
	}
	if ct.ClientID != clientID {
		return Contact{}, ErrNotFound
	}
	return ct, nil
}

// loadContact reads one contact whose client the scope may see.
func loadContact(ctx context.Context, q querier, scope, id int64, lock bool) (Contact, error) {
	sql := `SELECT ` + contactColumns + ` FROM contacts
		WHERE id = $1 AND EXISTS (SELECT 1 FROM clients c WHERE c.id = contacts.client_id AND ($2::bigint = 0 OR c.team_id = $2))`
	if lock {
		sql += ` FOR UPDATE`
	}
	rows, err := q.Query(ctx, sql, id, scope)
	if err != nil {
		return Contact{}, fmt.Errorf("load contact: %w", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Contact])
	if errors.Is(err, pgx.ErrNoRows) {
		return Contact{}, ErrNotFound
	}
	if err != nil {
		return Contact{}, fmt.Errorf("load contact: %w", err)
	}
	return c, nil
}
