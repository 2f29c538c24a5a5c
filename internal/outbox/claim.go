package outbox

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// reclaimSQL puts back the rows of a sender that stopped mid-send (killed,
// or cut off from the database) once their lease expired. Attempts stay as
// they were: the row did nothing wrong.
const reclaimSQL = `UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL,
	last_error = 'lease of ' || coalesce(lease_owner, '?') || ' expired mid-send'
WHERE id IN (SELECT id FROM outbox WHERE status = 'sending' AND lease_until < now()
	ORDER BY lease_until LIMIT 100 FOR UPDATE SKIP LOCKED)`

// claimSQL takes the oldest due rows that are the first open row of their
// chat (so a chat has one message in flight and keeps its order) and whose
// chat is not paused, skipping rows another sender is claiming.
const claimSQL = `WITH picked AS (
	SELECT o.id FROM outbox o
	WHERE o.status = 'pending' AND o.not_before <= now()
		AND NOT EXISTS (SELECT 1 FROM outbox e
			WHERE e.chat_id = o.chat_id AND e.status IN ('pending', 'sending') AND e.id < o.id)
		AND NOT EXISTS (SELECT 1 FROM outbox_chats c WHERE c.chat_id = o.chat_id AND c.paused_until > now())
	ORDER BY o.not_before, o.id
	LIMIT $2
	FOR UPDATE OF o SKIP LOCKED
)
UPDATE outbox o SET status = 'sending', lease_owner = $1, lease_until = now() + $3 * interval '1 microsecond'
FROM picked WHERE o.id = picked.id
RETURNING ` + rowColumns

// Claim leases up to n due rows to owner for lease. Rows whose lease expired
// (their sender died) are due again first. Two claimers never get the same
// row; a row comes back to a claimer only after its lease expired, so the
// sender must finish each send well within the lease.
func (s *Store) Claim(ctx context.Context, owner string, n int, lease time.Duration) ([]Row, error) {
	if n <= 0 {
		return nil, nil
	}
	// One round trip and one implicit transaction: the claim sees the rows
	// the reclaim just put back.
	batch := &pgx.Batch{}
	batch.Queue(reclaimSQL)
	claim := batch.Queue(claimSQL, owner, n, micros(lease))
	var rows []Row
	claim.Query(func(r pgx.Rows) error {
		var err error
		rows, err = pgx.CollectRows(r, pgx.RowToStructByName[Row])
		return err
	})
	if err := s.db.SendBatch(ctx, batch).Close(); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	// UPDATE ... RETURNING keeps no order; hand rows out as enqueued.
	slices.SortFunc(rows, func(a, b Row) int { return cmp.Compare(a.ID, b.ID) })
	return rows, nil
}
