package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// TestConnectErrorsNeverShowThePassword pins what docs/OPERATIONS.md
// promises of a DATABASE_URL in an error: whatever is wrong with it (a
// typo, a password not percent-encoded, a server away), the error that
// `serve` prints at start shows no password. One shape is not here because
// pgx shows part of it: a password holding an unencoded "@", whose rest it
// takes for the host name and quotes in the lookup's error; config.Load
// refuses that URL first (internal/config, dburl.go).
func TestConnectErrorsNeverShowThePassword(t *testing.T) {
	t.Parallel()
	for _, url := range []string{
		"postgres://ledgerbot:TOPSECRET@127.0.0.1:notaport/ledgerbot",
		"postgres://ledgerbot:TOP%zzSECRET@127.0.0.1/ledgerbot",
		"postgres://ledgerbot:TOP#SECRET@127.0.0.1/ledgerbot",
		"postgres://ledgerbot:TOP/SECRET@127.0.0.1/ledgerbot",
		"postgres://ledgerbot:TOPSECRET@127.0.0.1:1/ledgerbot?sslmode=disable&connect_timeout=1",
		"postgres://ledgerbot:TOPSECRET@127.0.0.1/ledgerbot?sslmode=bogus",
		"postgres://ledgerbot:TOP?SECRET@127.0.0.1:1/ledgerbot",
		"postgres://ledgerbot:TOP:SECRET@127.0.0.1:1/ledgerbot?connect_timeout=1",
		"postgres://ledgerbot:TOP+SEC/RE=T@127.0.0.1:1/ledgerbot?connect_timeout=1",
		"postgres://ledgerbot:TOP SECRET@127.0.0.1:1/ledgerbot?connect_timeout=1",
		"postgres://ledgerbot:TOP%SECRET@127.0.0.1:1/ledgerbot?connect_timeout=1",
		"postgres://ledgerbot@server:TOPSECRET@127.0.0.1:1/ledgerbot?connect_timeout=1",
		"postgres://ledgerbot:TOPSECRET@127.0.0.1:1,127.0.0.2:1/ledgerbot?connect_timeout=1",
		"postgres://ledgerbot:TOPSECRET@127.0.0.1:1/ledgerbot?connect_timeout=1&sslpassword=SECRETKEY&sslmode=require&sslkey=/nonexistent&sslcert=/nonexistent",
		"host=127.0.0.1 user=ledgerbot password=TOPSECRET port=notaport",
		"host=127.0.0.1 user=ledgerbot password='TOP SECRET' dbname=x sslmode=bogus",
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		pool, err := postgres.Connect(ctx, url)
		cancel()
		if err == nil {
			pool.Close()
			t.Errorf("connected with %q", url)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error of a bad DATABASE_URL shows its password: %v", err)
		}
	}
}
