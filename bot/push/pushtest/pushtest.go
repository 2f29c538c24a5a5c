// Package pushtest runs outbox Senders against the fake Bot API, an outbox
// in a schema of the test's own and a Redis prefix of its own, for the
// sender's tests and for end-to-end tests of replicas.
package pushtest

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/bot/push"
	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/ratelimit"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// Env is a fake Bot API, an outbox on its own schema and a Redis prefix
// for the Senders of one test.
type Env struct {
	t      testing.TB
	TG     *telegramtest.Server
	Pool   *pgxpool.Pool
	RDB    *redis.Client
	Prefix string
	Store  *outbox.Store
	n      int
}

// New makes the environment of one test.
func New(t testing.TB) *Env {
	t.Helper()
	e := &Env{t: t, TG: telegramtest.New(t), Pool: pgtest.New(t)}
	e.RDB, e.Prefix = redistest.New(t)
	e.Store = outbox.NewStore(e.Pool)
	return e
}

// Config is what a test varies about one Sender: where Telegram is, the
// send rate its limiter keeps, and the Sender's own settings.
type Config struct {
	push.Config
	APIURL string
	Rate   float64
}

// Config is a Sender configuration for this environment: fast limits and
// short backoff, so tests spend their time on behaviour, not on waiting.
func (e *Env) Config() Config {
	e.n++
	return Config{APIURL: e.TG.URL(), Rate: 200,
		Config: push.Config{Workers: 4, Lease: 5 * time.Second, Backoff: 20 * time.Millisecond, Owner: fmt.Sprintf("sender-%d", e.n)}}
}

// Start runs a Sender until the returned stop is called (or the test ends);
// stop returns once Run did.
func (e *Env) Start(cfg Config) (stop func()) {
	e.t.Helper()
	log := slog.New(slog.DiscardHandler)
	tg, err := telegram.NewClient(telegramtest.Token, cfg.APIURL, time.Minute, log)
	if err != nil {
		e.t.Fatal(err)
	}
	limiter, err := ratelimit.New(e.RDB, e.Prefix, ratelimit.Limits{Rate: cfg.Rate})
	if err != nil {
		e.t.Fatal(err)
	}
	p := push.New(tg, e.Store, limiter, log, cfg.Config)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			e.t.Errorf("Run: %v", err)
		}
	}
	e.t.Cleanup(stop)
	return stop
}

// Enqueue stores messages in the outbox.
func (e *Env) Enqueue(msgs ...outbox.Message) {
	e.t.Helper()
	if _, err := outbox.Enqueue(context.Background(), e.Pool, msgs...); err != nil {
		e.t.Fatal(err)
	}
}

// WaitSettled waits until no row is pending or sending any more, and
// returns the final stats.
func (e *Env) WaitSettled(timeout time.Duration) outbox.Stats {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, err := e.Store.Stats(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		if st.Pending+st.Sending == 0 {
			return st
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("outbox not settled after %v: %+v; calls:\n%s", timeout, st, telegramtest.FormatCalls(e.TG.Calls()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// RowOf reads a row's delivery state by key.
func (e *Env) RowOf(key string) (status string, attempts int, lastError string) {
	e.t.Helper()
	err := e.Pool.QueryRow(context.Background(), `SELECT status, attempts, last_error FROM outbox WHERE dedup_key = $1`, key).
		Scan(&status, &attempts, &lastError)
	if err != nil {
		e.t.Fatalf("row %s: %v", key, err)
	}
	return status, attempts, lastError
}

// Texts lists the texts the bot's messages in chat carry, in order.
func (e *Env) Texts(chat int64) []string {
	var out []string
	for _, m := range e.TG.Messages(chat) {
		out = append(out, m.Text)
	}
	return out
}

// CallsTo lists the successful and failed calls that targeted chat.
func (e *Env) CallsTo(chat int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range e.TG.Calls() {
		if c.Params["chat_id"] == fmt.Sprint(chat) && strings.HasPrefix(c.Method, "send") {
			out = append(out, c)
		}
	}
	return out
}

// DeadURL is an http URL on loopback where nothing listens: a dial is refused.
func DeadURL(t testing.TB) string {
	t.Helper()
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr
}
