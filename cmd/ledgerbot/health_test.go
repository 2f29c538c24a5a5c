package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/faultproxy"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// adminEnv gives a harness an admin server on a free port of its own.
func adminEnv(t *testing.T, more map[string]string) map[string]string {
	t.Helper()
	env := map[string]string{"ADMIN_ADDR": freeAddr(t)}
	for k, v := range more {
		env[k] = v
	}
	return env
}

// admin is the base URL of the harness's admin server.
func (h *harness) admin() string { return "http://" + h.cfg.AdminAddr }

// get fetches url and returns the status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	code, body, err := tryGet(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return code, body
}

// tryGet is get for a server that may not listen yet.
func tryGet(url string) (int, string, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, string(body), err
}

// waitReadyz waits until /readyz answers code with a body holding every
// part, and returns the body.
func (h *harness) waitReadyz(code int, parts ...string) string {
	h.t.Helper()
	var got int
	var body string
	h.waitFor("/readyz to answer "+http.StatusText(code)+" naming "+strings.Join(parts, ", "), func() bool {
		var err error
		got, body, err = tryGet(h.admin() + "/readyz")
		return err == nil && got == code && containsAll(body, parts)
	})
	return body
}

// healthcheckCLI runs `ledgerbot healthcheck args...` in process with
// ADMIN_ADDR set to addr and returns its exit status, stdout and stderr.
func healthcheckCLI(addr string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	env := func(k string) string {
		if k == "ADMIN_ADDR" {
			return addr
		}
		return ""
	}
	code := cli(context.Background(), append([]string{"healthcheck"}, args...), env, &out, &errb)
	return code, out.String(), errb.String()
}

func TestReadyzNamesPostgresOrRedisWhileItIsAwayAndHealthzStaysUp(t *testing.T) {
	t.Parallel()
	h := setupOpts(t, options{faulty: true, env: adminEnv(t, nil)})
	h.waitReadyz(http.StatusOK, "postgres ok", "migrations ok", "redis ok", "intake ok")
	if code, _, _ := healthcheckCLI(h.cfg.AdminAddr); code != exitOK {
		t.Fatalf("healthcheck of a ready instance exited %d", code)
	}
	for _, away := range []struct {
		name, other string
		wire        *faultproxy.Proxy
	}{{"postgres", "redis ok", h.pgWire}, {"redis", "postgres ok", h.rdWire}} {
		away.wire.Down()
		body := h.waitReadyz(http.StatusServiceUnavailable, away.name+": ", away.other)
		t.Logf("/readyz with %s away:\n%s", away.name, body)
		if code, text := get(t, h.admin()+"/healthz"); code != http.StatusOK || strings.TrimSpace(text) != "ok" {
			t.Errorf("/healthz with %s away answered %d %q, want 200 ok: the process still serves", away.name, code, text)
		}
		code, _, stderr := healthcheckCLI(h.cfg.AdminAddr)
		if code != exitFailed || !strings.Contains(stderr, "503") || !strings.Contains(stderr, away.name+": ") {
			t.Errorf("healthcheck with %s away exited %d, stderr %q: want 1 naming %s", away.name, code, stderr, away.name)
		}
		if code, _, _ := healthcheckCLI(h.cfg.AdminAddr, "--live"); code != exitOK {
			t.Errorf("healthcheck --live with %s away exited %d, want 0", away.name, code)
		}
		away.wire.Up()
		h.waitReadyz(http.StatusOK, "postgres ok", "migrations ok", "redis ok", "intake ok")
	}
}

func TestHealthcheckExitsZeroForALiveInstanceAndNonZeroWithTheReasonOtherwise(t *testing.T) {
	t.Parallel()
	h := setupWith(t, adminEnv(t, nil))
	h.waitReadyz(http.StatusOK, "postgres ok")

	code, stdout, stderr := healthcheckCLI(h.cfg.AdminAddr)
	if code != exitOK || !strings.Contains(stdout, "postgres ok") || !strings.Contains(stdout, "redis ok") {
		t.Errorf("healthcheck: exit %d, stdout %q, stderr %q; want 0 with the checks", code, stdout, stderr)
	}
	if code, stdout, _ := healthcheckCLI(h.cfg.AdminAddr, "--live", "--timeout", "3s"); code != exitOK || strings.TrimSpace(stdout) != "ok" {
		t.Errorf("healthcheck --live: exit %d, stdout %q; want 0, ok", code, stdout)
	}
	// A listen address on every interface is reached on loopback, as in a container.
	_, port, _ := net.SplitHostPort(h.cfg.AdminAddr)
	if code, _, stderr := healthcheckCLI("0.0.0.0:" + port); code != exitOK {
		t.Errorf("healthcheck of 0.0.0.0:%s: exit %d, %s", port, code, stderr)
	}

	dead := freeAddr(t)
	code, _, stderr = healthcheckCLI(dead)
	if code != exitFailed || !strings.Contains(stderr, dead) || !strings.Contains(stderr, "refused") {
		t.Errorf("healthcheck of a dead address: exit %d, stderr %q; want 1 naming the address and the refusal", code, stderr)
	}
	if code, _, stderr := healthcheckCLI("off"); code != exitFailed || !strings.Contains(stderr, "ADMIN_ADDR is off") {
		t.Errorf("healthcheck with ADMIN_ADDR off: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := healthcheckCLI(h.cfg.AdminAddr, "extra"); code != exitUsage {
		t.Errorf("healthcheck with a stray argument exited %d, want %d", code, exitUsage)
	}
}

func TestServeFailsAtStartWhenTheAdminPortIsTaken(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = taken.Close() }()
	tg := telegramtest.New(t)
	pool := pgtest.New(t)
	rdb, prefix := redistest.New(t)
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"TELEGRAM_TOKEN": telegramtest.Token, "TELEGRAM_API_URL": tg.URL(), "REDIS_PREFIX": prefix,
			"SCHEDULER": "false", "ADMIN_ADDR": taken.Addr().String()}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = serveWith(ctx, cfg, slog.New(slog.DiscardHandler), pool, rdb, time.Now)
	if err == nil || !strings.Contains(err.Error(), "ADMIN_ADDR") || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("serve with its admin port taken returned %v, want a failure naming ADMIN_ADDR", err)
	}
	if n := len(tg.Calls()); n != 0 {
		t.Errorf("serve made %d Bot API calls before failing, want none: the port is checked first", n)
	}
}

// fakeAdmin serves h on an IPv4 loopback port until the test ends and
// returns the port.
func fakeAdmin(t *testing.T, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

func TestHealthcheckReachesAnAdminServerOnEveryIPv6InterfaceOverIPv4Loopback(t *testing.T) {
	t.Parallel()
	// Where IPv6 is disabled (Docker's way in a container on a network
	// without it), Go serves ADMIN_ADDR=[::]:9090 on IPv4 alone: an IPv4
	// listener stands for it, and ::1 refuses.
	port := fakeAdmin(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "postgres ok\n")
	}))
	if code, stdout, stderr := healthcheckCLI("[::]:" + port); code != exitOK || !strings.Contains(stdout, "postgres ok") {
		t.Errorf("healthcheck of [::]:%s: exit %d, stdout %q, stderr %q; want 0 through 127.0.0.1", port, code, stdout, stderr)
	}
}

func TestHealthcheckTakesOnlyTheAdminServersOwn200AsReady(t *testing.T) {
	t.Parallel()
	// Something else on the port (a wrong --addr, a proxy) that redirects to
	// a page of its own answering 200 is no ready ledgerbot.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/login", http.StatusFound) })
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "sign in\n") })
	port := fakeAdmin(t, mux)
	code, stdout, stderr := healthcheckCLI("127.0.0.1:" + port)
	if code != exitFailed || !strings.Contains(stderr, "302") {
		t.Errorf("healthcheck of a redirect: exit %d, stdout %q, stderr %q; want 1 naming the 302", code, stdout, stderr)
	}
}

func TestAdminServerBoundsSlowAndIdleConnections(t *testing.T) {
	t.Parallel()
	srv := adminServer(http.NotFoundHandler())
	// Longer than promhttp's own timeout (10 s), so a slow scrape gets its
	// 503 rather than a cut connection; every other bound set.
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 || srv.WriteTimeout <= 10*time.Second {
		t.Errorf("admin server: ReadHeaderTimeout %v, ReadTimeout %v, WriteTimeout %v, IdleTimeout %v; want each set, the write above 10s",
			srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout)
	}
}

func TestAdminServerClosesARequestStillRunningAfterTheGrace(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered, unblock := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(unblock) })
	var once sync.Once
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		once.Do(func() { close(entered) })
		<-unblock // a scrape stuck in a collector
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveHTTP(ctx, "admin server", l, adminServer(h), 10*time.Millisecond) }()
	got := make(chan error, 1)
	go func() {
		_, _, err := tryGet("http://" + l.Addr().String() + "/metrics")
		got <- err
	}()
	<-entered
	cancel()
	if err := <-served; err != nil {
		t.Fatalf("serveHTTP: %v", err)
	}
	select {
	case err := <-got:
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("the request cut short by the shutdown returned %v, want its connection closed", err)
		}
	case <-time.After(time.Minute): // not a measure: a guard against a connection left open for ever
		t.Fatal("the request under way was still open a minute after the admin server stopped")
	}
}

// TestHealthcheckReadsOnlyWhereTheAdminServerListens: a mistake elsewhere in
// the environment stops serve at start, but must not make an instance that
// is running and ready look unhealthy to its container.
func TestHealthcheckReadsOnlyWhereTheAdminServerListens(t *testing.T) {
	t.Parallel()
	h := setupWith(t, adminEnv(t, nil))
	h.waitReadyz(200, "postgres ok")
	env := func(k string) string {
		return map[string]string{"ADMIN_ADDR": h.cfg.AdminAddr, "WORKERS": "lots", "LEDGERBOT_TZ": "Mars/Olympus"}[k]
	}
	var out, errb bytes.Buffer
	if code := cli(context.Background(), []string{"healthcheck"}, env, &out, &errb); code != exitOK {
		t.Fatalf("healthcheck with a broken WORKERS and LEDGERBOT_TZ exited %d, stderr %q; want 0", code, errb.String())
	}
	errb.Reset()
	if code := cli(context.Background(), []string{"serve"}, env, &out, &errb); code != exitFailed ||
		!strings.Contains(errb.String(), "WORKERS") || !strings.Contains(errb.String(), "LEDGERBOT_TZ") {
		t.Fatalf("serve with the same environment exited %d, stderr %q; want 1 naming both", code, errb.String())
	}
}
