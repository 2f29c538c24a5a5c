package outbox

import (
	"context"
	"fmt"
	"time"
)

// Depth is what the outbox holds that is not sent, for metrics: cheap
// enough to read on every scrape, unlike Stats, which counts the sent rows
// too (the whole table, which only grows).
type Depth struct {
	Pending, Sending, Failed, Unreachable int64
	// OldestDue is how long the oldest pending row has been due (since its
	// not_before, so a row postponed by a 429 or a backoff is not late
	// until its time comes); 0 when none is due.
	OldestDue time.Duration
}

// Depth counts the open and the undelivered rows by status, each through
// its partial index, and measures how late the oldest due row is.
func (s *Store) Depth(ctx context.Context) (Depth, error) {
	var d Depth
	var oldest float64
	err := s.db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM outbox WHERE status = 'pending'),
		(SELECT count(*) FROM outbox WHERE status = 'sending'),
		(SELECT count(*) FROM outbox WHERE status = 'failed'),
		(SELECT count(*) FROM outbox WHERE status = 'unreachable'),
		coalesce((SELECT extract(epoch FROM now() - min(not_before)) FROM outbox
			WHERE status = 'pending' AND not_before <= now()), 0)::float8`).
		Scan(&d.Pending, &d.Sending, &d.Failed, &d.Unreachable, &oldest)
	if err != nil {
		return Depth{}, fmt.Errorf("outbox depth: %w", err)
	}
	d.OldestDue = time.Duration(oldest * float64(time.Second))
	return d, nil
}
