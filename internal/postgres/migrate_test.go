package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/migrations"
)

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t) // already migrated once
	n, err := postgres.Migrate(context.Background(), pool, migrations.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("second run applied %d migrations, want 0", n)
	}
	var tables int
	if err := pool.QueryRow(context.Background(),
		`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('clients','visits','feedback','updates','audit_log')`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 5 {
		t.Fatalf("found %d core tables in the test schema, want 5", tables)
	}
}

func TestInTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	ctx := context.Background()
	err := postgres.InTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO teams (name) VALUES ('x')`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO teams (name) VALUES ('X')`) // unique on lower(name)
		return err
	})
	if !postgres.IsUniqueViolation(err, "teams_name_key") {
		t.Fatalf("want unique violation, got %v", err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM teams`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d teams after rollback, want 0", n)
	}
}
