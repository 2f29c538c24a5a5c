package config_test

import (
	"bufio"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/tlstest"
)

// The local Redis listens without TLS, so these tests start Redis servers of
// their own (Debian's redis-server is built with TLS) with a CA made here,
// listening on 127.0.0.1 and 127.0.0.2 while the certificate names only
// 127.0.0.1 and localhost.

func TestRedissTrustsTheCAOfREDIS_TLS_CA_FILEAndNothingElse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca := tlstest.NewCA(t, dir, "ca")
	other := tlstest.NewCA(t, dir, "other-ca")
	port := startRedis(t, dir, ca.Server(t, dir, "server", "127.0.0.1", "localhost"), ca, "no")

	cases := []struct {
		name string
		env  map[string]string
		// refusal is the verification error wanted; nil: the ping works.
		refusal any
	}{
		{"the private CA", map[string]string{
			"REDIS_URL": fmt.Sprintf("rediss://127.0.0.1:%d/0", port), "REDIS_TLS_CA_FILE": ca.File}, nil},
		{"the system's CAs only", map[string]string{
			"REDIS_URL": fmt.Sprintf("rediss://127.0.0.1:%d/0", port)}, &x509.UnknownAuthorityError{}},
		{"another CA", map[string]string{
			"REDIS_URL": fmt.Sprintf("rediss://127.0.0.1:%d/0", port), "REDIS_TLS_CA_FILE": other.File}, &x509.UnknownAuthorityError{}},
		{"a host name the certificate does not name", map[string]string{
			"REDIS_URL": fmt.Sprintf("rediss://127.0.0.2:%d/0", port), "REDIS_TLS_CA_FILE": ca.File}, &x509.HostnameError{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ping(t, tc.env)
			switch want := tc.refusal.(type) {
			case nil:
				if err != nil {
					t.Fatalf("ping over TLS: %v", err)
				}
			case *x509.UnknownAuthorityError:
				if !errors.As(err, want) {
					t.Fatalf("ping = %v; want the server's certificate refused as of an unknown authority", err)
				}
			case *x509.HostnameError:
				if !errors.As(err, want) {
					t.Fatalf("ping = %v; want the server's certificate refused for the host name", err)
				}
			}
		})
	}
}

func TestRedissPresentsTheClientCertificateOfREDIS_TLS_CERT_FILE(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca := tlstest.NewCA(t, dir, "ca")
	other := tlstest.NewCA(t, dir, "other-ca")
	port := startRedis(t, dir, ca.Server(t, dir, "server", "127.0.0.1"), ca, "yes")
	good := ca.Client(t, dir, "client", "ledgerbot")
	stranger := other.Client(t, dir, "stranger", "ledgerbot")
	url := fmt.Sprintf("rediss://127.0.0.1:%d/0", port)

	if err := ping(t, map[string]string{"REDIS_URL": url, "REDIS_TLS_CA_FILE": ca.File,
		"REDIS_TLS_CERT_FILE": good.CertFile, "REDIS_TLS_KEY_FILE": good.KeyFile}); err != nil {
		t.Fatalf("ping with the client certificate: %v", err)
	}
	// The server's refusal arrives as a TLS alert, whose type crypto/tls
	// does not export: its text is what can be checked.
	err := ping(t, map[string]string{"REDIS_URL": url, "REDIS_TLS_CA_FILE": ca.File})
	if err == nil || !strings.Contains(err.Error(), "certificate required") {
		t.Errorf("ping without a client certificate = %v; want the server to require one", err)
	}
	err = ping(t, map[string]string{"REDIS_URL": url, "REDIS_TLS_CA_FILE": ca.File,
		"REDIS_TLS_CERT_FILE": stranger.CertFile, "REDIS_TLS_KEY_FILE": stranger.KeyFile})
	if err == nil || !strings.Contains(err.Error(), "unknown certificate authority") {
		t.Errorf("ping with a client certificate of another CA = %v; want it refused", err)
	}
}

// ping loads the configuration from env as the bot does, builds the client
// from RedisOptions and pings once.
func ping(t *testing.T, env map[string]string) error {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	opt, err := cfg.RedisOptions()
	if err != nil {
		t.Fatal(err)
	}
	opt.MaxRetries = -1 // a refused certificate stays refused
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return rdb.Ping(ctx).Err()
}

// startRedis runs a redis-server that speaks TLS only, on a free port of
// 127.0.0.1 and 127.0.0.2, until the test ends. authClients is Redis's
// tls-auth-clients: "yes" requires a client certificate signed by ca.
func startRedis(t *testing.T, dir string, server tlstest.Pair, ca *tlstest.CA, authClients string) int {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server must be installed for the TLS tests (apt-get install redis-server): %v", err)
	}
	port := tlstest.FreePort(t)
	cmd := exec.Command(bin,
		"--port", "0", "--tls-port", fmt.Sprint(port), "--bind", "127.0.0.1", "127.0.0.2",
		"--tls-cert-file", server.CertFile, "--tls-key-file", server.KeyFile,
		"--tls-ca-cert-file", ca.File, "--tls-auth-clients", authClients,
		"--save", "", "--appendonly", "no", "--dir", dir, "--logfile", "")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	// Redis says when it listens; until then a client would be refused.
	lines := bufio.NewScanner(out)
	var log []string
	for lines.Scan() {
		log = append(log, lines.Text())
		if strings.Contains(lines.Text(), "Ready to accept connections") {
			go func() {
				for lines.Scan() { // keep the pipe drained
				}
			}()
			return port
		}
	}
	t.Fatalf("redis-server stopped before it was ready:\n%s", strings.Join(log, "\n"))
	return 0
}
