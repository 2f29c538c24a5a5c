package intake

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
)

// Record stores raw updates durably, deduplicated by update_id, and wakes
// every replica's dispatcher. It returns only after the rows are committed,
// so the caller may then acknowledge them to Telegram. It returns the
// highest update_id among raws (0 if none could be read), past which polling
// moves on: an unreadable update is skipped, or it would come back forever.
func (in *Intake) Record(ctx context.Context, raws []json.RawMessage) (int64, error) {
	var maxID int64
	ids := make([]int64, 0, len(raws))
	chats := make([]int64, 0, len(raws))
	bodies := make([]string, 0, len(raws))
	kinds := make([]string, 0, len(raws))
	for _, raw := range raws {
		if !utf8.Valid(raw) {
			// PostgreSQL refuses invalid UTF-8; Telegram never sends it,
			// but one bad byte must not stop the intake.
			raw = json.RawMessage(strings.ToValidUTF8(string(raw), "\uFFFD"))
		}
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil || u.ID == 0 {
			var head struct {
				ID int64 `json:"update_id"`
			}
			_ = json.Unmarshal(raw, &head)
			maxID = max(maxID, head.ID)
			in.log.Warn("ignoring unreadable update", slog.Int64("update_id", head.ID), slog.Any("error", err))
			continue
		}
		maxID = max(maxID, u.ID)
		ids = append(ids, u.ID)
		chats = append(chats, ChatOf(&u))
		bodies = append(bodies, string(raw))
		kinds = append(kinds, Kind(&u))
	}
	if len(ids) == 0 {
		return maxID, nil
	}
	rows, err := in.db.Query(ctx, `WITH fresh AS (
			INSERT INTO updates (update_id, chat_id, payload)
			SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::json[])
			ON CONFLICT (update_id) DO NOTHING RETURNING update_id)
		SELECT pg_notify($4, current_schema() || ' ' || $5) FROM fresh LIMIT 1`, ids, chats, bodies, Channel, in.cfg.Owner)
	if err != nil {
		return 0, fmt.Errorf("intake: record: %w", err)
	}
	fresh, err := pgx.CollectRows(rows, func(pgx.CollectableRow) (struct{}, error) { return struct{}{}, nil })
	if err != nil {
		return 0, fmt.Errorf("intake: record: %w", err)
	}
	for _, k := range kinds {
		in.cfg.Observer.UpdateReceived(k)
	}
	if len(fresh) > 0 {
		in.kick()
	}
	return maxID, nil
}

// listen turns other replicas' Record notifications into kicks, reconnecting
// after errors; the sweep covers the gaps.
func (in *Intake) listen(ctx context.Context, schema string) {
	for {
		err := in.listenOnce(ctx, schema)
		if ctx.Err() != nil {
			return
		}
		in.log.Warn("update listener stopped; sweeping until it is back", slog.Any("error", err))
		select {
		case <-time.After(5 * time.Second):
		case <-ctx.Done():
			return
		}
	}
}

func (in *Intake) listenOnce(ctx context.Context, schema string) error {
	conn, err := in.db.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("listen: acquire: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `LISTEN `+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `UNLISTEN `+Channel) }()
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("listen: wait: %w", err)
		}
		// Tests run one schema each in one database; what this replica
		// recorded itself has already woken its dispatcher.
		from, owner, _ := strings.Cut(n.Payload, " ")
		if from == schema && owner != in.cfg.Owner {
			in.kick()
		}
	}
}

// ChatOf returns the chat an update belongs to, for ordering; 0 when none.
func ChatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		if q.Message.Message != nil {
			return q.Message.Message.Chat.ID
		}
		if q.Message.InaccessibleMessage != nil {
			return q.Message.InaccessibleMessage.Chat.ID
		}
		return q.From.ID
	}
	return 0
}
