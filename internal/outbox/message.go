package outbox

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Channel is the PostgreSQL notification channel Enqueue signals on commit,
// so a LISTENing sender wakes at once instead of at its next poll.
const Channel = "ledgerbot_outbox"

// MaxButtonData is Telegram's limit on an inline button's callback data.
const MaxButtonData = 64

// Button is one inline button: Data is callback data (<=64 bytes), handled by bot/.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data"`
}

// Message is one message to send on the bot's own initiative.
type Message struct {
	// Key is a deterministic dedup key, unique forever, e.g.
	// "greeting:2027-02-06:contact:42".
	Key string
	// ChatID is the Telegram chat to send to.
	ChatID int64
	// StaffID is the recipient staff id, 0 if not staff.
	StaffID int64
	// ContactID is the recipient contact id, 0 if not a client's contact.
	ContactID int64
	// Kind is greeting, greeting_list, review, followup, churn, winback,
	// feedback, escalation or digest.
	Kind string
	// Text is the final HTML text in the recipient's language (the caption
	// when Photo is set).
	Text string
	// Buttons are the inline keyboard rows, may be nil.
	Buttons [][]Button
	// Photo is an optional PNG.
	Photo []byte
}

// Querier is satisfied by pgx.Tx and *pgxpool.Pool.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// ErrInvalid is returned for a message Telegram would refuse whatever we do,
// so the mistake shows in the producer's tests rather than as a failed row.
var ErrInvalid = errors.New("outbox: invalid message")

// validate checks what the schema and Telegram require of m.
func (m Message) validate() error {
	switch {
	case m.Key == "" || len(m.Key) > 500:
		return fmt.Errorf("%w: dedup key must be 1-500 bytes", ErrInvalid)
	case m.ChatID == 0:
		return fmt.Errorf("%w %q: no chat", ErrInvalid, m.Key)
	case m.Kind == "":
		return fmt.Errorf("%w %q: no kind", ErrInvalid, m.Key)
	case m.Text == "" && len(m.Photo) == 0:
		return fmt.Errorf("%w %q: no text", ErrInvalid, m.Key)
	}
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == "" || b.Data == "" || len(b.Data) > MaxButtonData {
				return fmt.Errorf("%w %q: button %q needs a text and 1-%d bytes of data", ErrInvalid, m.Key, b.Text, MaxButtonData)
			}
		}
	}
	return nil
}
