package value

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Value returns a client's value as of the last run, for anyone who may see
// the client: ErrNotFound when the actor may not, and when the client has
// no value yet (created since the last run) or is archived. It is the
// card's read (QueueValue) on its own.
func (s *Store) Value(ctx context.Context, actor access.Actor, clientID int64) (Value, error) {
	var v Value
	var found bool
	b := &pgx.Batch{}
	s.QueueValue(b, actor, clientID, &v, &found)
	if err := s.db.SendBatch(ctx, b).Close(); err != nil {
		return Value{}, fmt.Errorf("read client value: %w", err)
	}
	if !found {
		return Value{}, ErrNotFound
	}
	return v, nil
}
