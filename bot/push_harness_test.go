package bot_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/bot"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// pushEnv is a fake Bot API, an outbox on its own schema and a Redis prefix
// for the Pushers of one test.
type pushEnv struct {
	t      testing.TB
	tg     *telegramtest.Server
	pool   *pgxpool.Pool
	rdb    *redis.Client
	prefix string
	store  *outbox.Store
	n      int
}

func newPushEnv(t testing.TB) *pushEnv {
	t.Helper()
	e := &pushEnv{t: t, tg: telegramtest.New(t), pool: pgtest.New(t)}
	e.rdb, e.prefix = redistest.New(t)
	e.store = outbox.NewStore(e.pool)
	return e
}

// config is a Pusher configuration for this environment: fast limits and
// short backoff, so tests spend their time on behaviour, not on waiting.
func (e *pushEnv) config() bot.PusherConfig {
	e.n++
	return bot.PusherConfig{Token: telegramtest.Token, APIURL: e.tg.URL(), DB: e.pool, Redis: e.rdb, Prefix: e.prefix,
		Rate: 200, Workers: 4, Lease: 5 * time.Second, Backoff: 20 * time.Millisecond,
		Owner: fmt.Sprintf("pusher-%d", e.n), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// start runs a Pusher until the returned stop is called (or the test ends);
// stop returns once Run did.
func (e *pushEnv) start(cfg bot.PusherConfig) (stop func()) {
	e.t.Helper()
	p, err := bot.NewPusher(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
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

func (e *pushEnv) enqueue(msgs ...outbox.Message) {
	e.t.Helper()
	if _, err := outbox.Enqueue(context.Background(), e.pool, msgs...); err != nil {
		e.t.Fatal(err)
	}
}

// text is the text of the message with key k, as the fake server sees it.
func text(k string) string { return "<b>" + k + "</b> 提醒" }

func pushMsg(k string, chat int64) outbox.Message {
	return outbox.Message{Key: k, ChatID: chat, Kind: "review", Text: text(k)}
}

// waitRows waits until no row is pending or sending any more, and returns
// the final stats.
func (e *pushEnv) waitSettled(timeout time.Duration) outbox.Stats {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, err := e.store.Stats(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		if st.Pending+st.Sending == 0 {
			return st
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("outbox not settled after %v: %+v; calls:\n%s", timeout, st, telegramtest.FormatCalls(e.tg.Calls()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rowOf reads a row's delivery state by key.
func (e *pushEnv) rowOf(key string) (status string, attempts int, lastError string) {
	e.t.Helper()
	err := e.pool.QueryRow(context.Background(), `SELECT status, attempts, last_error FROM outbox WHERE dedup_key = $1`, key).
		Scan(&status, &attempts, &lastError)
	if err != nil {
		e.t.Fatalf("row %s: %v", key, err)
	}
	return status, attempts, lastError
}

// texts lists the texts the bot's messages in chat carry, in order.
func (e *pushEnv) texts(chat int64) []string {
	var out []string
	for _, m := range e.tg.Messages(chat) {
		out = append(out, m.Text)
	}
	return out
}

// callsTo lists the successful and failed calls that targeted chat.
func (e *pushEnv) callsTo(chat int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range e.tg.Calls() {
		if c.Params["chat_id"] == fmt.Sprint(chat) && strings.HasPrefix(c.Method, "send") {
			out = append(out, c)
		}
	}
	return out
}
