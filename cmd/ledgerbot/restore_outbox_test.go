package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// outboxRow is what the restore drill compares of an outbox row: enough to
// find its sends among the fake Telegram's calls, and to see that a row
// sent before the dump is left alone on the copy.
type outboxRow struct {
	ID          int64      `db:"id"`
	ChatID      int64      `db:"chat_id"`
	Kind        string     `db:"kind"`
	Status      string     `db:"status"`
	Text        string     `db:"text"`
	Attempts    int        `db:"attempts"`
	SentAt      *time.Time `db:"sent_at"`
	TgMessageID *int64     `db:"tg_message_id"`
}

// readOutbox reads the whole outbox, oldest first.
func readOutbox(ctx context.Context, t *testing.T, q querier) []outboxRow {
	t.Helper()
	rows, err := q.Query(ctx, `SELECT id, chat_id, kind, status, text, attempts, sent_at, tg_message_id FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatalf("read outbox: %v", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[outboxRow])
	if err != nil {
		t.Fatalf("read outbox: %v", err)
	}
	return out
}

// sameSend reports whether a and b record the same send: status, attempts,
// when it was sent and as which Telegram message.
func sameSend(a, b outboxRow) bool {
	return a.Status == b.Status && a.Attempts == b.Attempts && a.Text == b.Text &&
		(a.SentAt == nil) == (b.SentAt == nil) && (a.SentAt == nil || a.SentAt.Equal(*b.SentAt)) &&
		(a.TgMessageID == nil) == (b.TgMessageID == nil) && (a.TgMessageID == nil || *a.TgMessageID == *b.TgMessageID)
}

func byStatus(rows []outboxRow, status string) []outboxRow {
	var out []outboxRow
	for _, r := range rows {
		if r.Status == status {
			out = append(out, r)
		}
	}
	return out
}

func ids(rows []outboxRow) []int64 {
	out := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

// sends counts the calls among calls that sent r: a message or a photo to
// its chat whose text or caption is the row's text. The drill's messages
// are far below Telegram's length limit, so none is split into parts.
func sends(calls []telegramtest.Call, r outboxRow) int {
	chat := strconv.FormatInt(r.ChatID, 10)
	n := 0
	for _, c := range calls {
		if c.Params["chat_id"] != chat {
			continue
		}
		switch c.Method {
		case "sendMessage":
			if c.Params["text"] == r.Text {
				n++
			}
		case "sendPhoto":
			if c.Params["caption"] == r.Text {
				n++
			}
		}
	}
	return n
}
