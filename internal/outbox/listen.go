package outbox

import (
	"context"
	"fmt"
)

// Listen calls wake each time Enqueue (or Requeue) committed sendable rows,
// until ctx ends (then it returns nil) or the connection fails. It holds one
// pool connection. The notification names the schema it came from, and
// Listen ignores other schemas' (tests run one schema each in one database);
// it carries nothing else: the sender claims what is due.
func (s *Store) Listen(ctx context.Context, wake func()) error {
	conn, err := s.db.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("listen: acquire: %w", err)
	}
	defer conn.Release()
	var schema string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("listen: read schema: %w", err)
	}
	if _, err := conn.Exec(ctx, `LISTEN `+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer func() {
		// The connection goes back to the pool: stop listening on it, or
		// whoever gets it next is woken for nothing. A connection that
		// broke mid-wait is discarded by the pool instead.
		_, _ = conn.Exec(context.WithoutCancel(ctx), `UNLISTEN `+Channel)
	}()
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("listen: wait: %w", err)
		}
		if n.Payload == schema {
			wake()
		}
	}
}
