package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

func TestCauseIsShortAndNamesNoHost(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	_, err := pool.Exec(context.Background(), `SELECT * FROM no_such_table`)
	if got := postgres.Cause(fmt.Errorf("digest: %w", err)); got != `database 42P01: relation "no_such_table" does not exist` {
		t.Errorf("Cause(missing table) = %q", got)
	}
	_, err = postgres.Connect(context.Background(), "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2")
	got := postgres.Cause(err)
	if strings.Contains(got, "127.0.0.1") || strings.Contains(got, "dial") || got == "internal error" {
		t.Errorf("Cause(unreachable) = %q", got)
	}
	if got := postgres.Cause(context.DeadlineExceeded); got != "timed out" {
		t.Errorf("Cause(deadline) = %q", got)
	}
	if got := postgres.Cause(errors.New("boom at http://10.0.0.1/x")); got != "internal error" {
		t.Errorf("Cause(unknown) = %q", got)
	}
}
