package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/faultproxy"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// clock is the injected clock the tests move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness is one running bot (or several replicas) against the fake Bot API,
// its own PostgreSQL schema and its own Redis prefix.
type harness struct {
	t      *testing.T
	tg     *telegramtest.Server
	pool   *pgxpool.Pool // the test's own connection, for setup and checks
	rdb    *redis.Client
	cfg    *config.Config
	clock  *clock
	staff  *staff.Store
	stop   func()
	nextID atomic.Int64

	// What the bot itself connects through: pool and rdb, or, with
	// options.faulty, the same servers behind proxies the test can cut.
	botPool *pgxpool.Pool
	botRdb  *redis.Client
	pgWire  *faultproxy.Proxy
	rdWire  *faultproxy.Proxy

	// hooks are the replicas' webhook endpoints in webhook mode: updates
	// are posted to them in turn instead of being polled.
	hooks []string
	turn  atomic.Int64

	// logs holds what every bot process of the harness logged.
	logs logRecorder
}

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// options shape a harness beyond the defaults.
type options struct {
	env map[string]string
	// faulty puts PostgreSQL and Redis behind proxies (h.pgWire, h.rdWire).
	faulty bool
	// webhookReplicas > 0 runs that many replicas in webhook mode, each on
	// its own port, sharing the database, Redis and the fake Telegram.
	webhookReplicas int
}

// setup starts a bot on a Monday morning in Shanghai (2026-11-23 09:30).
func setup(t *testing.T) *harness { t.Helper(); return setupWith(t, nil) }

// setupWith is setup with more environment variables.
func setupWith(t *testing.T, env map[string]string) *harness {
	t.Helper()
	return setupOpts(t, options{env: env})
}

// setupOpts is setup shaped by o.
func setupOpts(t *testing.T, o options) *harness {
	t.Helper()
	h := &harness{t: t, tg: telegramtest.New(t), pool: pgtest.New(t)}
	var prefix string
	h.rdb, prefix = redistest.New(t)
	h.botPool, h.botRdb = h.pool, h.rdb
	env := o.env
	if o.webhookReplicas > 0 {
		env = maps.Clone(env)
		if env == nil {
			env = map[string]string{}
		}
		env["WEBHOOK_URL"], env["WEBHOOK_SECRET"] = "https://bot.example.com/telegram", hookSecret
	}
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "TELEGRAM_TOKEN":
			return telegramtest.Token
		case "TELEGRAM_API_URL":
			return h.tg.URL()
		case "REDIS_PREFIX":
			return prefix
		case "CONVERSATION_TTL":
			return "30m"
		case "ADMIN_ADDR":
			// Many bots run at once: each takes a free port, or none.
			if v, ok := env[k]; ok {
				return v
			}
			return "off"
		case "SCHEDULER":
			// Tests run jobs on their injected clock (h.runJob); cron
			// would tick on the real one.
			if v, ok := env[k]; ok {
				return v
			}
			return "false"
		}
		return env[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	h.cfg = cfg
	h.clock = &clock{t: time.Date(2026, 11, 23, 9, 30, 0, 0, shanghai)}
	h.staff = staff.NewStore(h.pool, h.clock.Now, cfg.InviteTTL)
	h.nextID.Store(1000)
	if o.faulty {
		h.cutOver()
	}
	if o.webhookReplicas == 0 {
		h.start()
		return h
	}
	var stops []func()
	for i := range o.webhookReplicas {
		rc := *h.cfg
		rc.ListenAddr = freeAddr(t)
		h.hooks = append(h.hooks, "http://"+rc.ListenAddr+"/")
		stops = append(stops, h.serve(&rc, fmt.Sprintf("replica%d", i)))
	}
	h.stop = func() {
		for _, s := range stops {
			s()
		}
	}
	return h
}

// hookSecret is the webhook secret of webhook-mode harnesses.
const hookSecret = "hook_secret-1"

// freeAddr is a loopback address nobody listens on.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// cutOver makes the bot reach PostgreSQL and Redis through proxies the test
// can cut (h.pgWire, h.rdWire); the test's own h.pool and h.rdb stay direct.
func (h *harness) cutOver() {
	pc := h.pool.Config().Copy()
	h.pgWire = faultproxy.Start(h.t, net.JoinHostPort(pc.ConnConfig.Host, strconv.Itoa(int(pc.ConnConfig.Port))))
	pc.ConnConfig.Host = h.pgWire.Host()
	port, err := strconv.ParseUint(h.pgWire.Port(), 10, 16)
	if err != nil {
		h.t.Fatal(err)
	}
	pc.ConnConfig.Port = uint16(port)
	pc.ConnConfig.ConnectTimeout = 2 * time.Second
	bp, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(bp.Close)
	ro := *h.rdb.Options()
	h.rdWire = faultproxy.Start(h.t, ro.Addr)
	ro.Addr = h.rdWire.Addr()
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout = time.Second, time.Second, time.Second
	ro.MaxRetries = 0
	br := redis.NewClient(&ro)
	h.t.Cleanup(func() { _ = br.Close() })
	h.botPool, h.botRdb = bp, br
}

// start runs the bot until stop (or the end of the test).
func (h *harness) start() { h.stop = h.serve(h.cfg, "bot") }

// serve runs one bot process's worth (Serve) with cfg until the returned
// stop is called (or the test ends).
func (h *harness) serve(cfg *config.Config, name string) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	out := slog.Handler(slog.DiscardHandler)
	if testing.Verbose() {
		out = slog.NewTextHandler(testWriter{h.t}, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	log := slog.New(h.logs.handler(out)).With(slog.String("process", name))
	go func() { done <- serveWith(ctx, cfg, log, h.botPool, h.botRdb, h.clock.Now) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					h.t.Errorf("Serve: %v", err)
				}
			case <-time.After(20 * time.Second):
				h.t.Error("Serve did not stop")
			}
		})
	}
	h.t.Cleanup(stop)
	return stop
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// waitDone waits until the bot has finished handling update id. In webhook
// mode it first delivers the update to the next replica in turn.
func (h *harness) waitDone(id int64) {
	h.t.Helper()
	if len(h.hooks) > 0 {
		h.post(id, int(h.turn.Add(1))%len(h.hooks))
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var done bool
		err := h.pool.QueryRow(context.Background(), `SELECT processed_at IS NOT NULL FROM updates WHERE update_id = $1`, id).Scan(&done)
		if err == nil && done {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("update %d not handled in time; calls:\n%s", id, telegramtest.FormatCalls(h.tg.Calls()))
}

// say sends text as u and returns the bot's last message in u's chat after it.
func (h *harness) say(u telegramtest.User, text string) telegramtest.Message {
	h.t.Helper()
	h.waitDone(h.tg.SendText(u, text))
	return h.last(u)
}

// press presses the button whose label contains label on message m.
func (h *harness) press(u telegramtest.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	data := button(h.t, m, label)
	h.waitDone(h.tg.PressButton(u, m.ID, data))
	return h.last(u)
}

// pressData presses raw callback data (a forged or stale button) on message id.
func (h *harness) pressData(u telegramtest.User, msgID int64, data string) {
	h.t.Helper()
	h.waitDone(h.tg.PressButton(u, msgID, data))
}

func (h *harness) last(u telegramtest.User) telegramtest.Message {
	h.t.Helper()
	m, ok := h.tg.LastMessage(u.ID)
	if !ok {
		h.t.Fatalf("no message in chat %d", u.ID)
	}
	return m
}

// button finds the callback data of the button labelled with label.
func button(t *testing.T, m telegramtest.Message, label string) string {
	t.Helper()
	for _, row := range m.Inline {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return b.Data
			}
		}
	}
	t.Fatalf("no button %q on message %d:\n%s\n%v", label, m.ID, m.Text, m.Inline)
	return ""
}

func hasButton(m telegramtest.Message, label string) bool {
	for _, row := range m.Inline {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return true
			}
		}
	}
	return false
}

// lastAnswer is the text of the bot's latest answerCallbackQuery.
func (h *harness) lastAnswer() string {
	calls := h.tg.CallsTo("answerCallbackQuery")
	if len(calls) == 0 {
		return ""
	}
	return calls[len(calls)-1].Params["text"]
}

// team creates a team.
func (h *harness) team(name string) staff.Team {
	h.t.Helper()
	tm, err := h.staff.EnsureTeam(context.Background(), name)
	if err != nil {
		h.t.Fatal(err)
	}
	return tm
}

// join makes a Telegram user and onboards them through the real /start flow
// with an operator invite, in English unless lang says "zh".
func (h *harness) join(name string, role access.Role, team staff.Team, langCode string) telegramtest.User {
	h.t.Helper()
	id := h.nextID.Add(1)
	u := telegramtest.User{ID: id, FirstName: name, Username: strings.ToLower(name), LanguageCode: langCode}
	code, _, err := h.staff.CreateInvite(context.Background(), nil, role, team.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	m := h.say(u, "/start "+code)
	if !strings.Contains(m.Text, name) {
		h.t.Fatalf("welcome after /start does not greet %s: %q", name, m.Text)
	}
	return u
}

func mustContain(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Fatalf("message does not contain %q:\n%s", p, text)
		}
	}
}

func mustNotContain(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(text, p) {
			t.Fatalf("message contains %q but must not:\n%s", p, text)
		}
	}
}

func (h *harness) count(sql string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		h.t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// waitMessage waits for a message in u's chat whose text contains every part:
// what the outbox sends arrives asynchronously, a moment after the update
// that caused it.
func (h *harness) waitMessage(u telegramtest.User, parts ...string) telegramtest.Message {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		msgs := h.tg.Messages(u.ID)
		for i := len(msgs) - 1; i >= 0; i-- {
			if containsAll(msgs[i].Text, parts) {
				return msgs[i]
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("no message with %q in chat %d; calls:\n%s", parts, u.ID, telegramtest.FormatCalls(h.tg.Calls()))
	return telegramtest.Message{}
}

func containsAll(text string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(text, p) {
			return false
		}
	}
	return true
}

// pressOn presses the button labelled label on m and returns m as it is
// after the press: the screen edited in place, even when newer messages
// have arrived in the chat since.
func (h *harness) pressOn(u telegramtest.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	h.waitDone(h.tg.PressButton(u, m.ID, button(h.t, m, label)))
	for _, x := range h.tg.Messages(u.ID) {
		if x.ID == m.ID {
			return x
		}
	}
	h.t.Fatalf("message %d is gone from chat %d", m.ID, u.ID)
	return telegramtest.Message{}
}

func init() {
	// go-redis reports a pool that cannot dial through its own logger; the
	// tests that cut Redis off expect it, so keep it out of the output.
	redis.SetLogger(redisLogger{log: slog.New(slog.DiscardHandler)})
}
