// Package pgtest gives each test its own PostgreSQL schema with every
// migration applied. The schemas live in a database of their own
// (ledgerbot_test, created on demand on the server named by
// TEST_DATABASE_URL, default this machine's), and a test's search_path is
// its schema and the extension schema only: whatever the default database
// or the test database's public schema hold, a test cannot see it. Tests
// fail, never skip, when PostgreSQL is down.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// New returns a pool whose search_path is a fresh schema holding the whole
// migrated ledger, then the extension schema. The schema is dropped when
// the test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := prepared(); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	admin, err := postgres.Connect(ctx, DatabaseURL())
	if err != nil {
		t.Fatalf("pgtest: PostgreSQL must be running for the tests: %v", err)
	}
	defer admin.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}

	cfg, err := pgxpool.ParseConfig(SchemaURL(schema))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pgtest: open pool: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := postgres.Connect(ctx, DatabaseURL())
		if err != nil {
			t.Errorf("pgtest: drop schema: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("pgtest: drop schema %s: %v", schema, err)
		}
	})
	if _, err := postgres.Migrate(ctx, pool, migrations.FS, nil); err != nil {
		t.Fatalf("pgtest: migrate: %v", err)
	}
	return pool
}
