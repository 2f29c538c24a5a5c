package staff

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/invitecode"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Invite is a one-time way in for one role and team. Its code is shown once,
// when it is created; only a hash of it is kept.
type Invite struct {
	ID        int64       `db:"id"`
	Role      access.Role `db:"role"`
	TeamID    int64       `db:"team_id"`    // 0 for an admin invite without a team
	CreatedBy int64       `db:"created_by"` // 0 when the operator created it
	CreatedAt time.Time   `db:"created_at"`
	ExpiresAt time.Time   `db:"expires_at"`
}

// CreateInvite creates an invite for the role and team and returns its code,
// which is not stored and cannot be shown again. by is the inviting member
// (checked with CanInvite; access.ErrForbidden), or nil for the operator's
// command line. The team must exist (ErrNotFound), except that an admin
// invite may have team 0, meaning none.
func (s *Store) CreateInvite(ctx context.Context, by *access.Actor, role access.Role, teamID int64) (string, Invite, error) {
	if _, err := access.ParseRole(string(role)); err != nil {
		return "", Invite{}, fmt.Errorf("create invite: %w: %q", ErrInvalidRole, role)
	}
	if by != nil && !by.CanInvite(role, teamID) {
		return "", Invite{}, fmt.Errorf("create invite: %w", access.ErrForbidden)
	}
	if role != access.Admin && teamID == 0 {
		return "", Invite{}, fmt.Errorf("create invite: team: %w", ErrNotFound)
	}
	code, err := invitecode.New()
	if err != nil {
		return "", Invite{}, fmt.Errorf("create invite: random code: %w", err)
	}
	var byID int64
	if by != nil {
		byID = by.StaffID
	}
	var inv Invite
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if teamID != 0 {
			if _, err := team(ctx, tx, `WHERE id = $1 FOR SHARE`, teamID); err != nil {
				return fmt.Errorf("team: %w", err)
			}
		}
		now := s.now()
		rows, err := tx.Query(ctx, `INSERT INTO invites (code_hash, role, team_id, created_by, created_at, expires_at)
			VALUES ($1, $2, nullif($3::bigint, 0), nullif($4::bigint, 0), $5, $6)
			RETURNING id, role, coalesce(team_id, 0) AS team_id, coalesce(created_by, 0) AS created_by, created_at, expires_at`,
			invitecode.Hash(code), role, teamID, byID, now, now.Add(s.inviteTTL))
		if err != nil {
			return err
		}
		if inv, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Invite]); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: byID, Entity: "invite", EntityID: inv.ID, Action: "create",
			Changes: map[string]any{"role": inv.Role, "team_id": inv.TeamID, "expires_at": inv.ExpiresAt}, At: now})
	})
	if err != nil {
		return "", Invite{}, fmt.Errorf("create invite: %w", err)
	}
	return code, inv, nil
}

// Redeem turns an invite into a member for the Telegram user, all in one
// transaction with the invite row locked, so a code admits exactly one person
// however many use it at once. A code that is unknown, used or expired is
// ErrInviteInvalid. An active member gets ErrAlreadyMember and the invite
// stays unused; a deactivated one comes back with the invite's role and team
// and keeps their language. The member's name is u's cleaned by the rule
// for names; a name the rule refuses never refuses the invite (memberNames).
func (s *Store) Redeem(ctx context.Context, code string, u TelegramUser) (Member, error) {
	if u.ChatID == 0 {
		u.ChatID = u.ID
	}
	lang := "zh"
	if strings.HasPrefix(strings.ToLower(u.LanguageCode), "en") {
		lang = "en"
	}
	var m Member
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var (
			inv  Invite
			used bool
		)
		err := tx.QueryRow(ctx, `SELECT id, role, coalesce(team_id, 0), expires_at, used_by IS NOT NULL OR used_at IS NOT NULL
			FROM invites WHERE code_hash = $1 FOR UPDATE`, invitecode.Hash(code)).Scan(&inv.ID, &inv.Role, &inv.TeamID, &inv.ExpiresAt, &used)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrInviteInvalid
		}
		if err != nil {
			return err
		}
		now := s.now()
		if used || !now.Before(inv.ExpiresAt) {
			return ErrInviteInvalid
		}
		id, action, err := s.upsertMember(ctx, tx, inv, u, lang, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE invites SET used_by = $2, used_at = $3 WHERE id = $1`, inv.ID, id, now); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: id, Entity: "staff", EntityID: id, Action: action,
			Changes: map[string]any{"role": inv.Role, "team_id": inv.TeamID, "invite_id": inv.ID}, At: now}); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: id, Entity: "invite", EntityID: inv.ID, Action: "redeem",
			Changes: map[string]any{"staff_id": id}, At: now}); err != nil {
			return err
		}
		m, err = member(ctx, tx, `WHERE s.id = $1`, id)
		return err
	})
	if err != nil {
		return Member{}, fmt.Errorf("redeem invite: %w", err)
	}
	return m, nil
}

// upsertMember creates the staff row for u, or brings back a deactivated
// one (telegram_id is unique), and says which it did for the audit trail.
// Names are stored as memberNames cleans them.
func (s *Store) upsertMember(ctx context.Context, tx pgx.Tx, inv Invite, u TelegramUser, lang string, now time.Time) (int64, string, error) {
	var (
		id     int64
		active bool
	)
	name, username := memberNames(u)
	err := tx.QueryRow(ctx, `SELECT id, active FROM staff WHERE telegram_id = $1 FOR UPDATE`, u.ID).Scan(&id, &active)
	switch {
	case err == nil && active:
		return 0, "", ErrAlreadyMember
	case err == nil:
		_, err = tx.Exec(ctx, `UPDATE staff SET chat_id = $2, name = $3, username = $4, role = $5,
			team_id = nullif($6::bigint, 0), active = true WHERE id = $1`, id, u.ChatID, name, username, inv.Role, inv.TeamID)
		return id, "reactivate", err
	case !errors.Is(err, pgx.ErrNoRows):
		return 0, "", err
	}
	err = tx.QueryRow(ctx, `INSERT INTO staff (telegram_id, chat_id, name, username, role, team_id, lang, created_at)
		VALUES ($1, $2, $3, $4, $5, nullif($6::bigint, 0), $7, $8) RETURNING id`,
		u.ID, u.ChatID, name, username, inv.Role, inv.TeamID, lang, now).Scan(&id)
	if postgres.IsUniqueViolation(err, "staff_telegram_id_key") {
		// The same person redeemed another code at the same moment.
		return 0, "", ErrAlreadyMember
	}
	return id, "create", err
}
