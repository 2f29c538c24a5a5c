package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// ErrNotFailed is returned by Requeue for a row that is not failed or
// unreachable (or does not exist): there is nothing to retry.
var ErrNotFailed = errors.New("outbox: no failed message with this id")

// Stats is the outbox at a glance, for admins and health checks.
type Stats struct {
	Pending, Sending, Sent, Failed, Unreachable int64
	// OldestPending is how long the oldest pending row has waited since it
	// was enqueued; 0 when none is pending.
	OldestPending time.Duration
}

// Stats counts rows by status and measures the oldest pending row's age.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	var oldest float64
	err := s.db.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'sending'),
		count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'failed'),
		count(*) FILTER (WHERE status = 'unreachable'),
		coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8
		FROM outbox`).Scan(&st.Pending, &st.Sending, &st.Sent, &st.Failed, &st.Unreachable, &oldest)
	if err != nil {
		return Stats{}, fmt.Errorf("outbox stats: %w", err)
	}
	st.OldestPending = time.Duration(oldest * float64(time.Second))
	return st, nil
}

// Failed returns up to limit failed and unreachable rows, the most recent
// failure first, each with its last error.
func (s *Store) Failed(ctx context.Context, limit int) ([]Row, error) {
	rows, err := collectRows(s.db.Query(ctx, `SELECT `+rowColumns+` FROM outbox o
		WHERE o.status IN ('failed', 'unreachable') ORDER BY o.failed_at DESC, o.id DESC LIMIT $1`, limit))
	if err != nil {
		return nil, fmt.Errorf("list failed messages: %w", err)
	}
	return rows, nil
}

// Requeue sends a failed or unreachable row again from scratch: an admin
// decided to retry it. Retrying an unreachable row also clears its chat's
// unreachable mark, or the row would be ended again unsent.
func (s *Store) Requeue(ctx context.Context, id int64) error {
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var chatID int64
		var status string
		err := tx.QueryRow(ctx, `UPDATE outbox o SET status = 'pending', attempts = 0, not_before = now(), failed_at = NULL
			FROM (SELECT id, status FROM outbox WHERE id = $1 FOR UPDATE) old
			WHERE o.id = old.id AND old.status IN ('failed', 'unreachable')
			RETURNING o.chat_id, old.status`, id).Scan(&chatID, &status)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFailed
		}
		if err != nil {
			return err
		}
		if status == StatusUnreachable {
			if _, err := tx.Exec(ctx, `UPDATE outbox_chats SET unreachable_at = NULL, reason = '', updated_at = now()
				WHERE chat_id = $1`, chatID); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify('`+Channel+`', current_schema())`)
		return err
	})
	if err != nil {
		return fmt.Errorf("requeue message %d: %w", id, err)
	}
	return nil
}
