package pgtest_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// serverDatabase is the database TEST_DATABASE_URL names, which operators
// may have migrated: the shadow a test schema must not see.
func serverDatabase() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return config.DefaultDatabaseURL
}

func TestASchemaSeesNothingOfPublicInEitherDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.New(t)
	var schema string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	byURL, err := pgxpool.New(ctx, pgtest.SchemaURL(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer byURL.Close()

	// The same table name in public of the test database and of the
	// default one: a migrated default database, or a stray table.
	var b [4]byte
	_, _ = rand.Read(b[:])
	shadow := "shadow_" + hex.EncodeToString(b[:])
	for _, url := range []string{pgtest.DatabaseURL(), serverDatabase()} {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `CREATE TABLE public.`+shadow+` (id int)`); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_, _ = conn.Exec(context.Background(), `DROP TABLE public.`+shadow)
			_ = conn.Close(context.Background())
		})
	}

	for name, p := range map[string]*pgxpool.Pool{"pgtest.New": pool, "pgtest.SchemaURL": byURL} {
		var path string
		var found, own *string
		var sim float64
		if err := p.QueryRow(ctx, `SELECT current_setting('search_path'), to_regclass($1)::text, to_regclass('clients')::text,
			similarity('shanghai', 'shanghia')`, shadow).Scan(&path, &found, &own, &sim); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(path, "public") {
			t.Errorf("%s: search_path %q includes public", name, path)
		}
		if found != nil {
			t.Errorf("%s: the test schema sees %s from a public schema", name, *found)
		}
		if own == nil || !strings.HasPrefix(*own, "clients") {
			t.Errorf("%s: the test schema does not see its own migrated clients table (%v)", name, own)
		}
		if sim <= 0 {
			t.Errorf("%s: pg_trgm's similarity = %v", name, sim)
		}
	}
}

func TestPgTrgmLivesInTheExtensionSchemaOfTheTestDatabase(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	var db, where string
	err := pool.QueryRow(context.Background(), `SELECT current_database(), n.nspname FROM pg_extension e
		JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`).Scan(&db, &where)
	if err != nil {
		t.Fatal(err)
	}
	if db != pgtest.Database || where != pgtest.ExtSchema {
		t.Fatalf("pg_trgm in %s.%s, want %s.%s", db, where, pgtest.Database, pgtest.ExtSchema)
	}
}
