package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Lease names one claim of a row: the sender that made it and when it ends.
// A row is claimed again only after its lease ended, so a later claim always
// ends later, and the pair names this claim and no other, even when the
// same sender claims the row again.
type Lease struct {
	ID    int64
	Owner string
	Until time.Time
}

// Lease is the claim that handed r out, for the completions.
func (r Row) Lease() Lease {
	l := Lease{ID: r.ID, Owner: r.LeaseOwner}
	if r.LeaseUntil != nil {
		l.Until = *r.LeaseUntil
	}
	return l
}

// heldBy is the WHERE clause of every completion: the row is still sending
// under the claim $1 (id), $2 (owner), $3 (lease end). A lease that ran out
// still holds until another claim takes the row: nobody else acted on it
// yet, and recording the outcome spares a resend.
const heldBy = `id = $1 AND status = 'sending' AND lease_owner = $2 AND lease_until = $3`

// The completions below record what Telegram answered for a claimed row.
// Each changes the row only while the claim l still holds it and reports
// whether it did: held is false, with no error, when the lease ran out and
// the row was taken back or claimed again, so another sender is doing it
// over and its outcome is the one that counts.

// MarkSent records that Telegram confirmed the row as message tgMessageID
// (the last part's id when the text was split).
func (s *Store) MarkSent(ctx context.Context, l Lease, tgMessageID int64) (held bool, err error) {
	return s.exec(ctx, "mark sent", `UPDATE outbox SET status = 'sent', sent_at = now(), tg_message_id = $4,
		lease_owner = NULL, lease_until = NULL WHERE `+heldBy, l.ID, l.Owner, l.Until, tgMessageID)
}

// Retry puts a row that failed for a passing reason (5xx, network) back as
// pending after the given backoff, counting the attempt.
func (s *Store) Retry(ctx context.Context, l Lease, after time.Duration, cause Cause) (held bool, err error) {
	return s.exec(ctx, "retry", `UPDATE outbox SET status = 'pending', attempts = attempts + 1, last_error = $5,
		not_before = now() + $4 * interval '1 microsecond', lease_owner = NULL, lease_until = NULL
		WHERE `+heldBy, l.ID, l.Owner, l.Until, micros(after), cause.String())
}

// Postpone puts a row back as pending for after without counting an
// attempt: its chat was busy (rate limit) or paused by Telegram (429), or
// the sender is stopping, which says nothing about the message.
func (s *Store) Postpone(ctx context.Context, l Lease, after time.Duration) (held bool, err error) {
	return s.exec(ctx, "postpone", `UPDATE outbox SET status = 'pending',
		not_before = now() + $4 * interval '1 microsecond', lease_owner = NULL, lease_until = NULL
		WHERE `+heldBy, l.ID, l.Owner, l.Until, micros(after))
}

// Fail ends a row as failed with its cause, for admins to see (Failed) and
// retry (Requeue).
func (s *Store) Fail(ctx context.Context, l Lease, cause Cause) (held bool, err error) {
	return s.exec(ctx, "fail", `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $4,
		failed_at = now(), lease_owner = NULL, lease_until = NULL
		WHERE `+heldBy, l.ID, l.Owner, l.Until, cause.String())
}

// Unreachable records that Telegram refused the row because its chat is
// unreachable (the user blocked the bot or the account is gone: a 403): the
// chat is marked so with the cause, and the row and all the chat's other
// open rows end as unreachable, since sending them would be refused again.
func (s *Store) Unreachable(ctx context.Context, l Lease, cause Cause) (held bool, err error) {
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var chatID int64
		err := tx.QueryRow(ctx, `UPDATE outbox SET status = 'unreachable', last_error = $4, failed_at = now(),
			lease_owner = NULL, lease_until = NULL WHERE `+heldBy+` RETURNING chat_id`,
			l.ID, l.Owner, l.Until, cause.String()).Scan(&chatID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		held = true
		if _, err := tx.Exec(ctx, `INSERT INTO outbox_chats (chat_id, unreachable_at, reason) VALUES ($1, now(), $2)
			ON CONFLICT (chat_id) DO UPDATE SET unreachable_at = now(), reason = $2, updated_at = now()`,
			chatID, cause.String()); err != nil {
			return err
		}
		// The chat's other rows wait behind this one, or were enqueued
		// while it was in flight: none is sending under another claim.
		_, err = tx.Exec(ctx, `UPDATE outbox SET status = 'unreachable', last_error = $2, failed_at = now(),
			lease_owner = NULL, lease_until = NULL
			WHERE chat_id = $1 AND status IN ('pending', 'sending')`, chatID, cause.String())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("mark chat unreachable: %w", err)
	}
	return held, nil
}
