package feedback

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

// Create registers feedback on a client. The client must be visible to the
// actor and the actor allowed to record on it (else ErrNotFound); the
// assignee must be an active member of the client's team or an admin, the
// body pass CheckBody, the deadline not before today and the contact (if
// any) one of the client's (else ErrInvalid).
//
// originUpdate is the Telegram update that confirmed the creation (0 = none):
// a repeat with the same non-zero value returns the record made the first
// time and created=false, even when today's rules would now refuse the draft
// (a deadline that has since passed).
func (s *Store) Create(ctx context.Context, actor access.Actor, d Draft, originUpdate int64) (Feedback, bool, error) {
	var (
		out     Feedback
		created bool
	)
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if originUpdate != 0 {
			f, found, err := s.byOrigin(ctx, tx, actor, originUpdate)
			if err != nil || found {
				out = f
				return err
			}
		}
		id, err := s.insert(ctx, tx, actor, d, originUpdate)
		if err != nil {
			return err
		}
		if id == 0 { // a concurrent Create with the same update won the race
			f, _, err := s.byOrigin(ctx, tx, actor, originUpdate)
			out = f
			return err
		}
		created = true
		out, err = s.load(ctx, tx, actor, id, false)
		if err != nil || s.notify == nil {
			return err
		}
		if err := s.notify(ctx, tx, out); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
		return nil
	})
	if err != nil {
		return Feedback{}, false, fmt.Errorf("create feedback: %w", err)
	}
	return out, created, nil
}

// byOrigin finds the record created by the update, if any.
func (s *Store) byOrigin(ctx context.Context, tx pgx.Tx, actor access.Actor, originUpdate int64) (Feedback, bool, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM feedback WHERE origin_update = $1`, originUpdate).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Feedback{}, false, nil
	}
	if err != nil {
		return Feedback{}, false, fmt.Errorf("find by origin update: %w", err)
	}
	f, err := s.load(ctx, tx, actor, id, false)
	return f, err == nil, err
}

// insert validates d and inserts it, returning the new id, or 0 when a row
// with the same originUpdate already exists.
func (s *Store) insert(ctx context.Context, tx pgx.Tx, actor access.Actor, d Draft, originUpdate int64) (int64, error) {
	if !validKind(d.Kind) || !validSeverity(d.Severity) {
		return 0, fmt.Errorf("kind %q, severity %q: %w", d.Kind, d.Severity, ErrInvalid)
	}
	body, err := CheckBody(d.Body)
	if err != nil {
		return 0, err
	}
	teamID, ownerID, err := clientTeam(ctx, tx, actor, d.ClientID)
	if err != nil {
		return 0, err
	}
	if !actor.CanRecord(teamID) {
		return 0, ErrNotFound
	}
	assignee, err := s.pickAssignee(ctx, tx, actor, d.AssigneeID, ownerID, teamID)
	if err != nil {
		return 0, err
	}
	contact, err := checkContact(ctx, tx, d.ContactID, d.ClientID)
	if err != nil {
		return 0, err
	}
	today := s.today()
	due := DefaultDue(d.Kind, d.Severity, today)
	if d.DueOn != nil {
		due = dateOf(*d.DueOn)
	}
	if due.Before(today) {
		return 0, fmt.Errorf("deadline %s is before today %s: %w",
			due.Format(time.DateOnly), today.Format(time.DateOnly), ErrInvalid)
	}
	var origin *int64
	if originUpdate != 0 {
		origin = &originUpdate
	}
	now := s.now()
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO feedback
		(client_id, author_id, assignee_id, kind, severity, body, status, due_on, created_at, updated_at, origin_update, contact_id)
		VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8, $9, $10)
		ON CONFLICT (origin_update) DO NOTHING RETURNING id`,
		d.ClientID, actor.StaffID, assignee, d.Kind, d.Severity, body, due, now, origin, contact).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	created := map[string]any{
		"client_id": d.ClientID, "kind": d.Kind, "severity": d.Severity, "status": Open,
		"assignee_id": assignee, "due_on": due.Format(time.DateOnly),
	}
	if contact != nil {
		created["contact_id"] = *contact
	}
	if err := audit.Write(ctx, tx, audit.Entry{
		ActorID: actor.StaffID, Entity: "feedback", EntityID: id, Action: "create", At: now,
		Changes: audit.Diff(nil, created),
	}); err != nil {
		return 0, err
	}
	return id, nil
}

// pickAssignee returns the explicit assignee if allowed, else the client's
// owner when they can still take it (active, same team), else the actor.
func (s *Store) pickAssignee(ctx context.Context, tx pgx.Tx, actor access.Actor, explicit, ownerID, teamID int64) (int64, error) {
	candidates := []int64{explicit}
	if explicit == 0 {
		candidates = []int64{ownerID, actor.StaffID}
	}
	for _, id := range candidates {
		if id == 0 {
			continue
		}
		ok, err := canAssign(ctx, tx, id, teamID)
		if err != nil {
			return 0, err
		}
		if ok {
			return id, nil
		}
	}
	return 0, fmt.Errorf("assignee %d is not an active member of team %d nor an admin: %w", explicit, teamID, ErrInvalid)
}

// checkContact returns the contact who raised feedback on clientID as the
// column stores it (nil for none); a contact of another client, or none at
// all, is ErrInvalid, so a forged id cannot send the survey elsewhere.
func checkContact(ctx context.Context, tx pgx.Tx, contactID, clientID int64) (*int64, error) {
	if contactID == 0 {
		return nil, nil
	}
	var owner int64
	err := tx.QueryRow(ctx, `SELECT client_id FROM contacts WHERE id = $1`, contactID).Scan(&owner)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && owner != clientID) {
		return nil, fmt.Errorf("contact %d is not one of client %d's: %w", contactID, clientID, ErrInvalid)
	}
	if err != nil {
		return nil, fmt.Errorf("read contact %d: %w", contactID, err)
	}
	return &contactID, nil
}
