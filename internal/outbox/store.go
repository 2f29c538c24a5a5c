package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Status values of an outbox row.
const (
	StatusPending     = "pending"     // waiting for its not_before and a sender
	StatusSending     = "sending"     // claimed by a sender until lease_until
	StatusSent        = "sent"        // Telegram confirmed it
	StatusFailed      = "failed"      // refused (400) or kept failing; last_error says why
	StatusUnreachable = "unreachable" // the chat blocked the bot or is gone (403)
)

// Row is a stored message with its delivery state.
type Row struct {
	ID int64
	Message
	Status      string
	Attempts    int
	LastError   string
	NotBefore   time.Time
	CreatedAt   time.Time
	SentAt      *time.Time
	FailedAt    *time.Time
	TgMessageID int64
	// LeaseOwner and LeaseUntil are the claim a sending row is under; see
	// Lease.
	LeaseOwner string
	LeaseUntil *time.Time
}

// rowColumns reads a Row from an outbox row named o.
const rowColumns = `o.id, o.dedup_key AS key, o.chat_id, coalesce(o.staff_id, 0) AS staff_id,
	coalesce(o.contact_id, 0) AS contact_id, o.kind, o.text, o.buttons, o.photo,
	o.status, o.attempts, o.last_error, o.not_before, o.created_at, o.sent_at, o.failed_at,
	coalesce(o.tg_message_id, 0) AS tg_message_id, coalesce(o.lease_owner, '') AS lease_owner, o.lease_until`

// Store claims and marks outbox rows for the sender, and answers the
// admins' questions about them.
type Store struct {
	db *pgxpool.Pool
}

// NewStore returns a store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

func collectRows(rows pgx.Rows, err error) ([]Row, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Row])
}

// micros is d as a whole number of microseconds, PostgreSQL's interval unit.
func micros(d time.Duration) int64 { return d.Microseconds() }

// exec runs one UPDATE and reports whether it touched a row.
func (s *Store) exec(ctx context.Context, action, sql string, args ...any) (bool, error) {
	tag, err := s.db.Exec(ctx, sql, args...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", action, err)
	}
	return tag.RowsAffected() > 0, nil
}
