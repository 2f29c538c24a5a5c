package outbox_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// bundle is one test's outbox on its own schema.
type bundle struct {
	t     *testing.T
	ctx   context.Context
	pool  *pgxpool.Pool
	store *outbox.Store
}

func setup(t *testing.T) *bundle {
	t.Helper()
	t.Parallel()
	pool := pgtest.New(t)
	return &bundle{t: t, ctx: t.Context(), pool: pool, store: outbox.NewStore(pool)}
}

// msg is a plain message whose text names its key.
func msg(key string, chat int64) outbox.Message {
	return outbox.Message{Key: key, ChatID: chat, Kind: "review", Text: "<b>" + key + "</b>"}
}

// enqueue enqueues on the pool and returns how many were new.
func (b *bundle) enqueue(msgs ...outbox.Message) int {
	b.t.Helper()
	n, err := outbox.Enqueue(b.ctx, b.pool, msgs...)
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

func (b *bundle) claim(owner string, n int) []outbox.Row {
	b.t.Helper()
	rows, err := b.store.Claim(b.ctx, owner, n, time.Minute)
	if err != nil {
		b.t.Fatal(err)
	}
	return rows
}

// keys lists rows' dedup keys in order.
func keys(rows []outbox.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Key
	}
	return out
}

// row reads one row by key.
func (b *bundle) row(key string) outbox.Row {
	b.t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `SELECT id FROM outbox WHERE dedup_key = $1`, key).Scan(&id); err != nil {
		b.t.Fatalf("row %s: %v", key, err)
	}
	var r outbox.Row
	err := b.pool.QueryRow(b.ctx, `SELECT status, attempts, last_error, not_before > now() FROM outbox WHERE id = $1`, id).
		Scan(&r.Status, &r.Attempts, &r.LastError, new(bool))
	if err != nil {
		b.t.Fatal(err)
	}
	r.ID, r.Key = id, key
	return r
}

// future reports whether key's row waits for a later not_before.
func (b *bundle) future(key string) bool {
	b.t.Helper()
	var f bool
	if err := b.pool.QueryRow(b.ctx, `SELECT not_before > now() FROM outbox WHERE dedup_key = $1`, key).Scan(&f); err != nil {
		b.t.Fatal(err)
	}
	return f
}

// exec runs SQL that moves the database's view of time for a test.
func (b *bundle) exec(sql string, args ...any) {
	b.t.Helper()
	if _, err := b.pool.Exec(b.ctx, sql, args...); err != nil {
		b.t.Fatalf("%s: %v", sql, err)
	}
}

func seq(prefix string, n int, chat func(i int) int64) []outbox.Message {
	out := make([]outbox.Message, n)
	for i := range out {
		out[i] = msg(fmt.Sprintf("%s:%d", prefix, i), chat(i))
	}
	return out
}
