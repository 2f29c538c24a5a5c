package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// PauseChat holds every message to chatID for the given time, as Telegram
// asked with a 429's retry_after: the chat's pending rows wait, and so do
// rows enqueued for it during the pause.
func (s *Store) PauseChat(ctx context.Context, chatID int64, until time.Duration) error {
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO outbox_chats (chat_id, paused_until) VALUES ($1, now() + $2 * interval '1 microsecond')
			ON CONFLICT (chat_id) DO UPDATE SET paused_until = greatest(outbox_chats.paused_until, excluded.paused_until),
				updated_at = now()`, chatID, micros(until)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE outbox SET not_before = greatest(not_before, now() + $2 * interval '1 microsecond')
			WHERE chat_id = $1 AND status = 'pending'`, chatID, micros(until))
		return err
	})
	if err != nil {
		return fmt.Errorf("pause chat: %w", err)
	}
	return nil
}

// MarkReachable clears chatID's unreachable mark because the user wrote to
// the bot again, so new messages go out. Rows already ended as unreachable
// stay so (they are stale by now); an admin can Requeue one.
func (s *Store) MarkReachable(ctx context.Context, chatID int64) error {
	_, err := s.exec(ctx, "mark chat reachable", `UPDATE outbox_chats SET unreachable_at = NULL, reason = '', updated_at = now()
		WHERE chat_id = $1 AND unreachable_at IS NOT NULL`, chatID)
	return err
}

// ChatState is what the sender learned about a chat.
type ChatState struct {
	ChatID        int64
	PausedUntil   *time.Time
	UnreachableAt *time.Time
	Reason        string
}

// Chat returns what is known of chatID; a chat never paused nor refused has
// the zero state.
func (s *Store) Chat(ctx context.Context, chatID int64) (ChatState, error) {
	rows, err := s.db.Query(ctx, `SELECT chat_id, paused_until, unreachable_at, reason FROM outbox_chats WHERE chat_id = $1`, chatID)
	if err != nil {
		return ChatState{}, fmt.Errorf("read chat state: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ChatState])
	if err != nil {
		return ChatState{}, fmt.Errorf("read chat state: %w", err)
	}
	if len(out) == 0 {
		return ChatState{ChatID: chatID}, nil
	}
	return out[0], nil
}
