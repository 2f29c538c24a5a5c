package client

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// maxReviewDays bounds how far ahead a review can be put off: ten years is
// past any sensible cadence, and keeps a typo from burying a client.
const maxReviewDays = 3660

// MarkReviewed records that the client's archive was fully reviewed today:
// the next review is due today plus cadenceDays (0 or less: the tier's
// ReviewCadence). It is the "mark reviewed" button of a review reminder.
// Access is Update's: ErrNotFound for a client the actor may not see,
// access.ErrForbidden for one they may see but not change. The change is
// audited as action "review"; pressing it twice on one day changes nothing
// the second time.
func (s *Store) MarkReviewed(ctx context.Context, actor access.Actor, clientID int64, cadenceDays int) (Client, error) {
	if cadenceDays > maxReviewDays {
		return Client{}, fmt.Errorf("mark reviewed: %w", invalid("cadence must be at most %d days", maxReviewDays))
	}
	c, err := s.moveReview(ctx, actor, clientID, "review", func(c Client) time.Time {
		days := cadenceDays
		if days <= 0 {
			days = ReviewCadence(c.Tier)
		}
		return s.today().AddDate(0, 0, days)
	})
	if err != nil {
		return Client{}, fmt.Errorf("mark reviewed: %w", err)
	}
	return c, nil
}

// Snooze puts the client's review off until today plus days (1 to 3660),
// the "snooze" button of a review reminder. It never brings a review
// forward: when the next review is already later (say the client was marked
// reviewed and an old reminder's snooze is pressed), nothing changes.
// Access as for Update; audited as action "snooze".
func (s *Store) Snooze(ctx context.Context, actor access.Actor, clientID int64, days int) (Client, error) {
	if days < 1 || days > maxReviewDays {
		return Client{}, fmt.Errorf("snooze review: %w", invalid("snooze must be 1 to %d days", maxReviewDays))
	}
	c, err := s.moveReview(ctx, actor, clientID, "snooze", func(c Client) time.Time {
		until := s.today().AddDate(0, 0, days)
		if c.NextReviewOn != nil && c.NextReviewOn.After(until) {
			return *c.NextReviewOn
		}
		return until
	})
	if err != nil {
		return Client{}, fmt.Errorf("snooze review: %w", err)
	}
	return c, nil
}

// moveReview sets next_review_on to next(c) for a client the actor may
// edit, auditing the move under action; an unchanged date writes nothing.
func (s *Store) moveReview(ctx context.Context, actor access.Actor, id int64, action string, next func(Client) time.Time) (Client, error) {
	var out Client
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := editable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		to := next(c)
		if c.NextReviewOn != nil && c.NextReviewOn.Equal(to) {
			out = c
			return nil
		}
		from := ""
		if c.NextReviewOn != nil {
			from = c.NextReviewOn.Format(time.DateOnly)
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE clients SET next_review_on = $2, updated_at = $3 WHERE id = $1`, id, to, now); err != nil {
			return fmt.Errorf("update next_review_on: %w", err)
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: id, Action: action,
			At: now, Changes: map[string]any{"next_review_on": audit.Change{From: from, To: to.Format(time.DateOnly)}}}); err != nil {
			return err
		}
		out, err = loadClient(ctx, tx, 0, id, false)
		return err
	})
	return out, err
}
