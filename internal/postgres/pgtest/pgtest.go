// Package pgtest gives each test its own PostgreSQL schema with every
// migration applied, on the real server named by TEST_DATABASE_URL (default:
// this machine's local server). Tests fail, never skip, when it is down.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// URL is the database the tests use.
func URL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return config.DefaultDatabaseURL
}

// New returns a pool whose search_path is a fresh schema holding the whole
// migrated ledger. The schema is dropped when the test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	admin, err := postgres.Connect(ctx, URL())
	if err != nil {
		t.Fatalf("pgtest: PostgreSQL must be running for the tests: %v", err)
	}
	defer admin.Close()
	// Extensions are per database; create them once, in public, under a lock
	// so parallel tests do not race on pg_extension.
	if err := createExtensions(ctx, admin); err != nil {
		t.Fatalf("pgtest: create extensions: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}

	cfg, err := pgxpool.ParseConfig(URL())
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema + ",public"
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pgtest: open pool: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := postgres.Connect(ctx, URL())
		if err != nil {
			t.Errorf("pgtest: drop schema: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(ctx, fmt.Sprintf(`DROP SCHEMA %s CASCADE`, schema)); err != nil {
			t.Errorf("pgtest: drop schema %s: %v", schema, err)
		}
	})
	if _, err := postgres.Migrate(ctx, pool, migrations.FS, nil); err != nil {
		t.Fatalf("pgtest: migrate: %v", err)
	}
	return pool
}

func createExtensions(ctx context.Context, admin *pgxpool.Pool) error {
	conn, err := admin.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(4242)`); err != nil {
		return err
	}
	defer func() { _, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock(4242)`) }()
	_, err = conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`)
	return err
}
