package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/config"
)

// unreachableDB is a DATABASE_URL on a port nothing listens on: a start
// that got as far as the database fails at once, and touches no server.
const unreachableDB = "postgres://nobody@127.0.0.1:1/postgres?connect_timeout=2"

// sandboxEnv is an environment for `ledgerbot sandbox` with the given
// DATABASE_URL and SANDBOX_ADDR.
func sandboxEnv(databaseURL, addr string) func(string) string {
	return func(k string) string {
		switch k {
		case "DATABASE_URL":
			return databaseURL
		case "SANDBOX_ADDR":
			return addr
		case "ADMIN_ADDR":
			return "off"
		}
		return ""
	}
}

func TestSandboxRefusesADateOutsideItsYears(t *testing.T) {
	t.Parallel()
	for _, date := range []string{"9999-12-31", "0202-11-23", "1999-12-31", "2100-01-01"} {
		var out strings.Builder
		err := run(context.Background(), []string{"sandbox", "--date", date}, sandboxEnv(unreachableDB, "127.0.0.1:0"), &out)
		if ue, ok := errors.AsType[*usageError](err); !ok || !strings.Contains(ue.msg, "--date") || !strings.Contains(ue.msg, "2099") {
			t.Errorf("--date %s: %v, want a usage error naming the years --date may take", date, err)
		}
	}
}

// A second sandbox started while one runs must fail on the taken port
// before it drops the running one's database and clears its drafts.
func TestSandboxOnATakenPortFailsBeforeTheDatabase(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	var out strings.Builder
	err = run(context.Background(), []string{"sandbox"}, sandboxEnv(unreachableDB, ln.Addr().String()), &out)
	if err == nil || !strings.Contains(err.Error(), "SANDBOX_ADDR") {
		t.Fatalf("sandbox on a taken port: %v, want the listener's error, before any database work", err)
	}
}

func TestSandboxRefusesItsOwnDatabaseAsDatabaseURL(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(sandboxEnv("postgres://nobody@127.0.0.1:1/ledgerbot_sandbox?connect_timeout=2", "127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sandboxDatabase(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if !errors.Is(err, errSandboxIsDatabaseURL) {
		t.Fatalf("DATABASE_URL naming ledgerbot_sandbox: %v, want the refusal that says why", err)
	}
	if !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("the refusal %q does not name DATABASE_URL", err)
	}
}
