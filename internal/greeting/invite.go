package greeting

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/invitecode"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Invite creates a one-time link code for a contact to subscribe to
// greetings. The actor must be allowed to edit the contact's client
// (access.Actor.CanEdit: access.ErrForbidden); a contact the actor cannot
// see is ErrNotFound. The code is returned once and only its hash is kept.
func (s *Store) Invite(ctx context.Context, actor access.Actor, contactID int64) (string, error) {
	code, err := invitecode.New()
	if err != nil {
		return "", fmt.Errorf("invite contact: random code: %w", err)
	}
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var teamID, ownerID int64
		err := tx.QueryRow(ctx, `SELECT c.team_id, coalesce(c.owner_id, 0) FROM contacts ct
			JOIN clients c ON c.id = ct.client_id WHERE ct.id = $1 FOR SHARE OF ct`, contactID).Scan(&teamID, &ownerID)
		switch {
		case errors.Is(err, pgx.ErrNoRows) || err == nil && !actor.CanSee(teamID):
			return ErrNotFound
		case err != nil:
			return err
		case !actor.CanEdit(teamID, ownerID):
			return access.ErrForbidden
		}
		now := s.now()
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO contact_invites (code_hash, contact_id, created_by, created_at, expires_at)
			VALUES ($1, $2, nullif($3::bigint, 0), $4, $5) RETURNING id`,
			invitecode.Hash(code), contactID, actor.StaffID, now, now.Add(inviteTTL)).Scan(&id); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "contact_invite", EntityID: id,
			Action: "create", At: now, Changes: map[string]any{"contact_id": contactID}})
	})
	if err != nil {
		return "", fmt.Errorf("invite contact: %w", err)
	}
	return code, nil
}

// Redeem subscribes the chat to the invite's contact: it sets the contact's
// chat, language (zh unless lang starts with "en"), greeting_opt_in and
// opted_in_at, with the invite row locked so a code subscribes one chat
// however many open it at once. An unknown code is ErrInvalid, an expired
// one ErrExpired, one another chat used ErrUsed. The same chat redeeming
// its own code again (a second tap, a reprocessed update) gets its
// subscription back with no error.
func (s *Store) Redeem(ctx context.Context, code string, chatID int64, lang string) (Subscriber, error) {
	lang = string(i18n.Parse(lang))
	var sub Subscriber
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var (
			id, contactID int64
			expired, used bool
		)
		err := tx.QueryRow(ctx, `SELECT id, contact_id, expires_at <= $2, used_at IS NOT NULL
			FROM contact_invites WHERE code_hash = $1 FOR UPDATE`, invitecode.Hash(code), s.now()).Scan(&id, &contactID, &expired, &used)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrInvalid
		}
		if err != nil {
			return err
		}
		var curChat *int64
		if err := tx.QueryRow(ctx, `SELECT ct.name, c.name, ct.chat_id FROM contacts ct JOIN clients c ON c.id = ct.client_id
			WHERE ct.id = $1 FOR UPDATE OF ct`, contactID).Scan(&sub.Name, &sub.ClientName, &curChat); err != nil {
			return err
		}
		sub.ContactID, sub.Lang = contactID, lang
		switch {
		case used && curChat != nil && *curChat == chatID:
			return nil
		case used:
			return ErrUsed
		case expired:
			return ErrExpired
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE contacts SET chat_id = $2, lang = $3, greeting_opt_in = true,
			opted_in_at = $4, updated_at = $4 WHERE id = $1`, contactID, chatID, lang, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE contact_invites SET used_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Entity: "contact", EntityID: contactID, Action: "greeting_opt_in",
			At: now, Changes: map[string]any{"invite_id": id, "lang": lang}})
	})
	if err != nil {
		return Subscriber{}, fmt.Errorf("redeem contact invite: %w", err)
	}
	return sub, nil
}

// OptOut ends the greetings of every contact subscribed from chatID (the
// contact sent /stop) and forgets the chat. It reports whether any contact
// was subscribed. The contacts stay on their owners' lists.
func (s *Store) OptOut(ctx context.Context, chatID int64) (bool, error) {
	var n int
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		now := s.now()
		rows, err := tx.Query(ctx, `UPDATE contacts SET greeting_opt_in = false, chat_id = NULL, opted_in_at = NULL,
			updated_at = $2 WHERE chat_id = $1 RETURNING id`, chatID, now)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		n = len(ids)
		for _, id := range ids {
			if err := audit.Write(ctx, tx, audit.Entry{Entity: "contact", EntityID: id, Action: "greeting_opt_out", At: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("opt out of greetings: %w", err)
	}
	return n > 0, nil
}

// IsSubscriber reports whether chatID is a contact's subscribed chat, so
// the bot can tell a subscribed contact from a stranger.
func (s *Store) IsSubscriber(ctx context.Context, chatID int64) (bool, error) {
	var ok bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contacts WHERE chat_id = $1 AND greeting_opt_in)`, chatID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("look up subscriber: %w", err)
	}
	return ok, nil
}
