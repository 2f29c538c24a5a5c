package churn

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Acknowledge records that actor, a manager of the episode's team or an
// admin, has seen the alert. Acknowledging again keeps the first record.
// Other staff of the team get access.ErrForbidden; anyone else ErrNotFound.
func (s *Scanner) Acknowledge(ctx context.Context, actor access.Actor, episodeID int64) (Episode, error) {
	var e Episode
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if e, err = loadEpisode(ctx, tx, actor, episodeID, true); err != nil {
			return err
		}
		if err := canHandle(actor, e.TeamID); err != nil {
			return err
		}
		if e.AcknowledgedBy != 0 {
			return nil
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.Exec(ctx, `UPDATE churn_episodes SET acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1`,
			episodeID, actor.StaffID, now); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "churn_episode", EntityID: episodeID,
			Action: "acknowledge", At: now, Changes: map[string]any{"client_id": e.ClientID}}); err != nil {
			return err
		}
		e, err = loadEpisode(ctx, tx, actor, episodeID, false)
		return err
	})
	if err != nil {
		return Episode{}, fmt.Errorf("acknowledge churn episode: %w", err)
	}
	return e, nil
}

// AssignWinback asks staffID, an active salesperson or manager of the
// client's team, for a win-back visit by due (a date, 00:00 UTC of the day,
// today or later), and in the same transaction enqueues the request to them
// with buttons to open the card and log the visit. Who may assign is as for
// Acknowledge. Reassigning replaces the assignee and due day; an ended
// episode is ErrEnded, a bad assignee or day ErrInvalid.
func (s *Scanner) AssignWinback(ctx context.Context, actor access.Actor, episodeID, staffID int64, due time.Time) (Episode, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	today := dates.Today(now, s.loc)
	due = dates.Day(due)
	if due.Before(today) {
		return Episode{}, fmt.Errorf("assign win-back: due %s is before today: %w", due.Format(time.DateOnly), ErrInvalid)
	}
	var e Episode
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if e, err = loadEpisode(ctx, tx, actor, episodeID, true); err != nil {
			return err
		}
		if err := canHandle(actor, e.TeamID); err != nil {
			return err
		}
		if !e.Open() {
			return ErrEnded
		}
		to, err := assignee(ctx, tx, staffID, e.TeamID)
		if err != nil {
			return err
		}
		var by string
		if err := tx.QueryRow(ctx, `SELECT name FROM staff WHERE id = $1`, actor.StaffID).Scan(&by); err != nil {
			return fmt.Errorf("read assigner: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE churn_episodes SET winback_staff_id = $2, winback_due_on = $3 WHERE id = $1`,
			episodeID, staffID, due); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "churn_episode", EntityID: episodeID,
			Action: "winback", At: now, Changes: map[string]any{"client_id": e.ClientID, "staff_id": staffID,
				"due_on": due.Format(time.DateOnly)}}); err != nil {
			return err
		}
		if _, err := outbox.Enqueue(ctx, tx, winbackMessage(e, to, by, due, today)); err != nil {
			return fmt.Errorf("enqueue win-back request: %w", err)
		}
		e, err = loadEpisode(ctx, tx, actor, episodeID, false)
		return err
	})
	if err != nil {
		return Episode{}, fmt.Errorf("assign win-back: %w", err)
	}
	return e, nil
}

// assignee reads staffID as a win-back recipient: an active salesperson or
// manager of team; ErrInvalid otherwise.
func assignee(ctx context.Context, tx pgx.Tx, staffID, team int64) (recipient, error) {
	var r recipient
	var ok bool
	err := tx.QueryRow(ctx, `SELECT id, chat_id, lang, name, active AND role IN ('sales', 'manager') AND coalesce(team_id = $2, false)
		FROM staff WHERE id = $1`, staffID, team).Scan(&r.StaffID, &r.ChatID, &r.Lang, &r.Name, &ok)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !ok) {
		return recipient{}, fmt.Errorf("staff %d is not an active member of team %d: %w", staffID, team, ErrInvalid)
	}
	if err != nil {
		return recipient{}, fmt.Errorf("read staff %d: %w", staffID, err)
	}
	return r, nil
}
