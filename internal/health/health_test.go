package health_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/health"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// readyz asks r's handler and returns the status and body.
func readyz(t *testing.T, r *health.Readiness) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

// deadAddr is a loopback address nobody listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestReadyzIsOKWhenEveryCheckHoldsAnd503NamingTheOneThatFails(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	rdb, _ := redistest.New(t)
	migrated, err := health.Migrations(pool, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	code, body := readyz(t, health.NewReadiness(0, health.Postgres(pool), migrated, health.Redis(rdb)))
	if code != http.StatusOK || body != "postgres ok\nmigrations ok\nredis ok\n" {
		t.Fatalf("all up: %d %q", code, body)
	}

	dead := redis.NewClient(&redis.Options{Addr: deadAddr(t), MaxRetries: -1})
	t.Cleanup(func() { _ = dead.Close() })
	code, body = readyz(t, health.NewReadiness(0, health.Postgres(pool), migrated, health.Redis(dead)))
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "postgres ok\n") ||
		!strings.Contains(body, "redis: ping: ") || !strings.Contains(body, "refused") {
		t.Fatalf("redis away: %d %q, want 503 naming redis", code, body)
	}
}

func TestMigrationsCheckFailsWhileTheDatabaseIsBehindTheBinary(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	ahead := fstest.MapFS{"0001_core.up.sql": {}, "9999_future.up.sql": {}}
	check, err := health.Migrations(pool, ahead)
	if err != nil {
		t.Fatal(err)
	}
	code, body := readyz(t, health.NewReadiness(0, check))
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "this binary needs 9999") {
		t.Fatalf("binary ahead of the schema: %d %q", code, body)
	}
	// A database ahead of the binary (an older replica in a rolling deploy) is ready.
	behind, err := health.Migrations(pool, fstest.MapFS{"0001_core.up.sql": {}})
	if err != nil {
		t.Fatal(err)
	}
	if code, body := readyz(t, health.NewReadiness(0, behind)); code != http.StatusOK {
		t.Fatalf("binary behind the schema: %d %q, want ready", code, body)
	}
	if _, err := health.Migrations(pool, fstest.MapFS{}); err == nil {
		t.Error("a binary without migrations passed")
	}
}

func TestHealthzAnswersOKWithoutCheckingAnything(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	health.Alive(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Fatalf("/healthz: %d %q", rec.Code, rec.Body.String())
	}
}

// blackhole is a loopback address whose server accepts connections and
// reads whatever comes, answering nothing: PostgreSQL or Redis behind a
// network that has started to drop packets, or a stopped (SIGSTOP) process.
func blackhole(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return l.Addr().String()
}

func TestReadyzAnswersWithinItsTimeoutWhenPostgresAndRedisStopAnswering(t *testing.T) {
	t.Parallel()
	const password = "TOPSECRET-pw"
	pgAddr, redisAddr := blackhole(t), blackhole(t)
	pool, err := pgxpool.New(context.Background(), "postgres://ledgerbot:"+password+"@"+pgAddr+"/ledgerbot?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	// go-redis bounds a read by its ReadTimeout, not by the context, unless
	// ContextTimeoutEnabled: an hour here, where a check waiting for it
	// would hang the probe.
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr, Password: password, MaxRetries: -1,
		DialTimeout: time.Hour, ReadTimeout: time.Hour, WriteTimeout: time.Hour})
	t.Cleanup(func() { _ = rdb.Close() })

	r := health.NewReadiness(100*time.Millisecond, health.Postgres(pool), health.Redis(rdb))
	type answer struct {
		code int
		body string
	}
	answered := make(chan answer, 1)
	go func() {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		answered <- answer{rec.Code, rec.Body.String()}
	}()
	var a answer
	select {
	case a = <-answered:
	case <-time.After(time.Minute): // not a measure: a guard against an hour's hang
		t.Fatal("/readyz gave no answer within a minute of a 100 ms timeout while PostgreSQL and Redis were silent")
	}
	if a.code != http.StatusServiceUnavailable || !strings.Contains(a.body, "postgres: no answer within 100ms") ||
		!strings.Contains(a.body, "redis: no answer within 100ms") {
		t.Errorf("/readyz with both silent: %d %q, want 503 naming both as not answering", a.code, a.body)
	}
	if strings.Contains(a.body, password) {
		t.Errorf("/readyz shows the password: %q", a.body)
	}
}
