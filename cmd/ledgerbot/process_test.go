package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// process is one ledgerbot serve process of a test.
type process struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{}
	err    error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// processEnv is what a test's processes share: the fake Telegram, a
// migrated schema of their own and a Redis prefix of their own.
type processEnv struct {
	t      *testing.T
	tg     *telegramtest.Server
	pool   *pgxpool.Pool // the test's own connection to the schema
	schema string
	prefix string
}

func newProcessEnv(t *testing.T) *processEnv {
	t.Helper()
	pool := pgtest.New(t)
	var schema string
	if err := pool.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	_, prefix := redistest.New(t)
	return &processEnv{t: t, tg: telegramtest.New(t), pool: pool, schema: schema, prefix: prefix}
}

// start runs `ledgerbot serve` with the shared settings and env on top.
func (e *processEnv) start(env ...string) *process {
	e.t.Helper()
	cmd := exec.Command(binary(e.t, "test"), "serve")
	cmd.Env = append(os.Environ(), "TELEGRAM_TOKEN="+telegramtest.Token, "TELEGRAM_API_URL="+e.tg.URL(),
		"DATABASE_URL="+pgtest.SchemaURL(e.schema), "REDIS_PREFIX="+e.prefix, "SCHEDULER=false", "LOG_LEVEL=info")
	cmd.Env = append(cmd.Env, env...)
	p := &process{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	e.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		if e.t.Failed() {
			e.t.Logf("process %d stderr:\n%s", cmd.Process.Pid, p.stderr.String())
		}
	})
	return p
}

// exited waits up to d for the process to end and returns its exit code.
func (p *process) exited(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(d):
		t.Fatalf("still running after %v; stderr:\n%s", d, p.stderr.String())
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode()
	}
	if p.err != nil {
		t.Fatalf("wait: %v", p.err)
	}
	return 0
}

// errorLines are the ERROR lines the process logged.
func (p *process) errorLines() []string {
	var lines []string
	for _, l := range strings.Split(p.stderr.String(), "\n") {
		if strings.Contains(l, `"level":"ERROR"`) {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestServeThatCannotStartExitsAtOnceWithOneError: a taken port, a webhook
// Telegram refuses, an unreachable database: the process exits non-zero
// within seconds with one ERROR line saying why, so a supervisor restarts it.
func TestServeThatCannotStartExitsAtOnceWithOneError(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = taken.Close() })
	hook := []string{"WEBHOOK_URL=https://bot.example.com/telegram", "WEBHOOK_SECRET=s3cret"}
	cases := []struct {
		name  string
		env   []string
		fault func(*processEnv)
		says  string
	}{
		{"listen port taken", append(hook, "LISTEN_ADDR="+taken.Addr().String()), nil, "address already in use"},
		{"setWebhook refused", append(hook, "LISTEN_ADDR="+freeAddr(t)), func(e *processEnv) {
			e.tg.FailNext("setWebhook", 1, 400, "Bad Request: bad webhook: Failed to resolve host", 0)
		}, "bad webhook"},
		{"database unreachable", []string{"DATABASE_URL=postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"}, nil, "postgres"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newProcessEnv(t)
			if c.fault != nil {
				c.fault(e)
			}
			p := e.start(c.env...)
			if code := p.exited(t, 5*time.Second); code == 0 {
				t.Fatalf("exit code 0; stderr:\n%s", p.stderr.String())
			}
			lines := p.errorLines()
			if len(lines) != 1 || !strings.Contains(lines[0], c.says) {
				t.Fatalf("want one ERROR line mentioning %q, got %d:\n%s", c.says, len(lines), p.stderr.String())
			}
			mustNotContain(t, p.stderr.String(), telegramtest.Token)
		})
	}
}

// TestSIGTERMLetsTheUpdateInFlightFinish: SIGTERM while an update waits on
// Telegram: the process waits for it, marks it handled and exits 0.
func TestSIGTERMLetsTheUpdateInFlightFinish(t *testing.T) {
	t.Parallel()
	e := newProcessEnv(t)
	release := e.tg.Hang("sendMessage", 1)
	p := e.start("SHUTDOWN_GRACE=10s")
	stranger := telegramtest.User{ID: 4242, FirstName: "Eve", LanguageCode: "en"}
	id := e.tg.SendText(stranger, "hello")
	e.tg.WaitFor(t, 10*time.Second, func(c telegramtest.Call) bool { return c.Method == "sendMessage" })
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the reply is still on its way
	select {
	case <-p.done:
		t.Fatalf("exited before the update in flight finished; stderr:\n%s", p.stderr.String())
	default:
	}
	release()
	if code := p.exited(t, 10*time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM; stderr:\n%s", code, p.stderr.String())
	}
	var done bool
	if err := e.pool.QueryRow(context.Background(), `SELECT processed_at IS NOT NULL FROM updates WHERE update_id = $1`, id).Scan(&done); err != nil {
		t.Fatal(err)
	}
	if !done {
		t.Fatal("the update in flight at SIGTERM is not marked handled")
	}
	if lines := p.errorLines(); len(lines) != 0 {
		t.Fatalf("a clean stop logged errors:\n%s", strings.Join(lines, "\n"))
	}
}

// TestReplicaKilledMidUpdateHandsItsChatOver: two replicas in webhook mode;
// one is killed (-9) while it handles a chat's update; the other takes the
// chat over when the lease runs out, applies that update and goes on with
// the chat's next ones.
func TestReplicaKilledMidUpdateHandsItsChatOver(t *testing.T) {
	t.Parallel()
	e := newProcessEnv(t)
	e.tg.Hang("sendMessage", 1) // never released: the first replica dies waiting
	addrA, addrB := freeAddr(t), freeAddr(t)
	common := []string{"WEBHOOK_URL=https://bot.example.com/telegram", "WEBHOOK_SECRET=" + hookSecret, "INTAKE_LEASE=2s"}
	procs := []*process{e.start(append(common, "LISTEN_ADDR="+addrA)...), e.start(append(common, "LISTEN_ADDR="+addrB)...)}
	h := &harness{t: t, tg: e.tg, hooks: []string{"http://" + addrA + "/", "http://" + addrB + "/"}, pool: e.pool}
	stranger := telegramtest.User{ID: 4242, FirstName: "Eve", LanguageCode: "en"}
	first := e.tg.SendText(stranger, "hello")
	h.post(first, 0)
	e.tg.WaitFor(t, 10*time.Second, func(c telegramtest.Call) bool { return c.Method == "sendMessage" })
	// Either replica may have taken the chat (the other hears of the update
	// too): kill the one whose claim it is.
	var owner string
	if err := e.pool.QueryRow(context.Background(), `SELECT owner FROM chat_claims WHERE chat_id = $1`, stranger.ID).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	victim, survivor := procs[0], 1
	if strings.Contains(owner, fmt.Sprintf("-%d-", procs[1].cmd.Process.Pid)) {
		victim, survivor = procs[1], 0
	}
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-victim.done
	second := e.tg.SendText(stranger, "anyone there?")
	h.post(second, survivor)
	h.waitHandled(first)
	h.waitHandled(second)
	replies := 0
	for _, m := range e.tg.Messages(stranger.ID) {
		if strings.Contains(m.Text, "invite") {
			replies++
		}
	}
	if replies != 2 {
		t.Fatalf("%d answers to the two updates, want 2", replies)
	}
}
