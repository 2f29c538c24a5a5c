package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// pendingUpdate is one recorded update not yet processed.
type pendingUpdate struct {
	id      int64
	payload []byte
}

// claim takes up to n chats that have pending updates and no live claim,
// the chat waiting longest first, so no chat starves while the workers are
// all busy. Two replicas claiming at once cannot both win a chat: the
// insert's conflict arbiter decides, and a live claim is never overwritten.
func (in *Intake) claim(ctx context.Context, n int) ([]int64, error) {
	rows, err := in.db.Query(ctx, `INSERT INTO chat_claims (chat_id, owner, until)
		SELECT chat_id, $1, now() + $2 * interval '1 microsecond' FROM (
			SELECT u.chat_id FROM updates u
			WHERE u.processed_at IS NULL
			  AND NOT EXISTS (SELECT 1 FROM chat_claims c WHERE c.chat_id = u.chat_id AND c.until > now())
			GROUP BY u.chat_id ORDER BY min(u.update_id)
			LIMIT $3) AS free
		ON CONFLICT (chat_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
			WHERE chat_claims.until <= now()
		RETURNING chat_id`, in.cfg.Owner, in.cfg.Lease.Microseconds(), n)
	if err != nil {
		return nil, fmt.Errorf("intake: claim: %w", err)
	}
	chats, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("intake: claim: %w", err)
	}
	return chats, nil
}

// next is what step found for a chat.
type next struct {
	update   pendingUpdate
	wait     time.Duration // the next update is fresh: wait this long first
	released bool          // nothing was pending: the claim is given back
	lost     bool          // the claim is no longer ours
}

// settleWindow bounds how far below a pending update step looks for ids
// not yet recorded: an earlier update of the same chat still in flight was
// made at about the same moment, so its id is close.
const settleWindow = 256

// step marks update done processed (0: none), then returns the chat's next
// pending update, or releases the chat when none is left: one round trip per
// update. With a settle time (webhook mode), the update waits out the rest of
// it only while an id between the chat's previous update and it is missing:
// Telegram numbers updates as it makes them, so a missing id may be an
// earlier update of this chat still being delivered. The mark holds only while we hold the chat. It is committed
// without waiting for the disk: a mark lost in a database crash only makes
// its update run again, which the handlers make harmless.
func (in *Intake) step(ctx context.Context, chat, done int64) (next, error) {
	var (
		n       next
		mine    bool
		id      *int64
		payload []byte
		waitUS  *int64
	)
	err := in.db.QueryRow(ctx, `WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),
		claim AS (SELECT 1 FROM chat_claims WHERE chat_id = $1 AND owner = $2),
		mark AS (UPDATE updates SET processed_at = now() FROM async
			WHERE update_id = $3 AND processed_at IS NULL AND EXISTS (SELECT 1 FROM claim) RETURNING update_id),
		pending AS (SELECT update_id, payload, received_at FROM updates
			WHERE chat_id = $1 AND processed_at IS NULL AND update_id <> $3 ORDER BY update_id LIMIT 1),
		release AS (DELETE FROM chat_claims WHERE chat_id = $1 AND owner = $2 AND NOT EXISTS (SELECT 1 FROM pending)
			RETURNING 1),
		-- The ids just below the pending one, from the chat's previous update
		-- (or settleWindow back): all recorded, or one may still be in flight.
		below AS (SELECT greatest(p.update_id - $5::bigint,
				(SELECT max(u.update_id) FROM updates u WHERE u.chat_id = $1 AND u.update_id < p.update_id
					AND u.update_id >= p.update_id - $5::bigint)) AS lo, p.update_id AS hi
			FROM pending p WHERE $4::bigint > 0)
		SELECT EXISTS (SELECT 1 FROM claim), p.update_id, p.payload,
			CASE WHEN EXISTS (SELECT 1 FROM below b
					WHERE (SELECT count(*) FROM updates u WHERE u.update_id > b.lo AND u.update_id < b.hi) < b.hi - b.lo - 1)
				THEN (extract(epoch FROM p.received_at + $4::bigint * interval '1 microsecond' - clock_timestamp()) * 1e6)::bigint
				ELSE 0 END,
			EXISTS (SELECT 1 FROM release), (SELECT count(*) FROM mark)
		FROM (SELECT 1) AS one LEFT JOIN pending p ON true`,
		chat, in.cfg.Owner, done, in.cfg.Settle.Microseconds(), settleWindow).
		Scan(&mine, &id, &payload, &waitUS, &n.released, new(int64))
	if err != nil {
		return next{}, fmt.Errorf("intake: next update of chat %d: %w", chat, err)
	}
	if !mine {
		return next{lost: true}, nil
	}
	if n.released || id == nil {
		n.released = true
		return n, nil
	}
	n.update = pendingUpdate{id: *id, payload: payload}
	if waitUS != nil && *waitUS > 0 {
		n.wait = time.Duration(*waitUS) * time.Microsecond
	}
	return n, nil
}

// holds renews our claim on chat before a retry, or takes it back if it ran
// out and nobody else took it. false: another replica holds the chat now.
func (in *Intake) holds(ctx context.Context, chat int64) (bool, error) {
	var got int64
	err := in.db.QueryRow(ctx, `INSERT INTO chat_claims (chat_id, owner, until) VALUES ($1, $2, now() + $3 * interval '1 microsecond')
		ON CONFLICT (chat_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
			WHERE chat_claims.owner = excluded.owner OR chat_claims.until <= now()
		RETURNING chat_id`, chat, in.cfg.Owner, in.cfg.Lease.Microseconds()).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("intake: renew claim on chat %d: %w", chat, err)
	}
	return true, nil
}

// release gives chat back at once (shutdown, or a failure to read it), so
// another replica need not wait for the lease to run out.
// It runs even when ctx has ended (that is when it is needed most).
func (in *Intake) release(ctx context.Context, chat int64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := in.db.Exec(ctx, `DELETE FROM chat_claims WHERE chat_id = $1 AND owner = $2`, chat, in.cfg.Owner); err != nil {
		in.log.Warn("release chat; its lease runs out instead", slog.Int64("chat_id", chat), slog.Any("error", err))
	}
}

// renew extends every claim this replica holds, a few times per lease.
func (in *Intake) renew(ctx context.Context) {
	t := time.NewTicker(in.cfg.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		in.mu.Lock()
		n := len(in.active)
		in.mu.Unlock()
		if n == 0 {
			continue
		}
		if _, err := in.db.Exec(ctx, `UPDATE chat_claims SET until = now() + $2 * interval '1 microsecond' WHERE owner = $1`,
			in.cfg.Owner, in.cfg.Lease.Microseconds()); err != nil && ctx.Err() == nil {
			in.log.Warn("renew chat claims", slog.Any("error", err))
		}
	}
}

// decode reads a stored update.
func decode(p pendingUpdate, u any) error {
	if err := json.Unmarshal(p.payload, u); err != nil {
		return fmt.Errorf("intake: stored update %d unreadable: %w", p.id, err)
	}
	return nil
}
