// Package retention keeps personal data no longer than it is needed. Updates
// as Telegram delivered them hold message texts, names and phone numbers;
// they are needed until handled (and a little longer, to see what happened),
// so processed ones are deleted after a retention period. Messages the bot
// sent keep their dedup key forever, so nothing is ever sent twice, but
// their text, buttons and picture are blanked after a retention period.
package retention

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// batch bounds one statement, so pruning a large backlog never holds locks
// or a transaction for long.
const batch = 5000

// Pruner deletes and blanks what is past its retention.
type Pruner struct {
	db      *pgxpool.Pool
	updates time.Duration
	outbox  time.Duration
}

// New prunes processed updates older than updates and the payloads of sent
// outbox rows older than outbox.
func New(db *pgxpool.Pool, updates, outbox time.Duration) *Pruner {
	return &Pruner{db: db, updates: updates, outbox: outbox}
}

// Run prunes as of at (the scheduled time of the run) and returns how many
// rows it deleted or blanked. It is a scheduled job: running it twice does
// nothing more.
func (p *Pruner) Run(ctx context.Context, at time.Time) (int, error) {
	total := 0
	steps := []struct {
		what string
		sql  string
		arg  any
	}{
		{"updates", `DELETE FROM updates WHERE ctid = ANY (ARRAY(
			SELECT ctid FROM updates WHERE processed_at < $1 LIMIT ` + fmt.Sprint(batch) + `))`, at.Add(-p.updates)},
		{"outbox payloads", `UPDATE outbox SET text = '', buttons = NULL, photo = NULL, pruned_at = now()
			WHERE id = ANY (ARRAY(SELECT id FROM outbox
				WHERE status = 'sent' AND sent_at < $1 AND pruned_at IS NULL LIMIT ` + fmt.Sprint(batch) + `))`, at.Add(-p.outbox)},
		// Conversations whose trace Redis no longer keeps anyway.
		{"conversations", `DELETE FROM conversations WHERE chat_id = ANY (ARRAY(
			SELECT chat_id FROM conversations WHERE started_at < $1 LIMIT ` + fmt.Sprint(batch) + `))`, at.Add(-48 * time.Hour)},
	}
	for _, s := range steps {
		for {
			tag, err := p.db.Exec(ctx, s.sql, s.arg)
			if err != nil {
				return total, fmt.Errorf("retention: prune %s: %w", s.what, err)
			}
			total += int(tag.RowsAffected())
			if tag.RowsAffected() < batch {
				break
			}
		}
	}
	return total, nil
}
