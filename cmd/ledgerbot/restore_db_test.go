package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// The restore drill works on whole databases, not on the schemas pgtest
// gives other tests: an operator dumps and restores a database, and
// pg_dump -Fc of one schema would leave out the extension (pg_trgm) the
// ledger's search needs. Each database is the test's own, created here with
// a random name so parallel runs never meet, and dropped when the test ends;
// its public schema is therefore the test's alone.

// scratchDB is a database created for one test.
type scratchDB struct {
	name string
	url  string // a libpq URL: pg_dump and pg_restore read it too
}

// testServerURL names the server the tests use, through a database that
// already exists there (TEST_DATABASE_URL, default the bot's default).
func testServerURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return config.DefaultDatabaseURL
}

// newScratchDB creates an empty database (from template0, as pg_restore
// wants its target) named ledgerbot_<role>_<random>, dropped when the test
// ends, after every pool on it was closed (cleanups run last-in first-out).
func newScratchDB(t *testing.T, role string) scratchDB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "ledgerbot_" + role + "_" + hex.EncodeToString(b[:])
	u, err := url.Parse(testServerURL())
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("TEST_DATABASE_URL must be a postgres:// URL, got %q", testServerURL())
	}
	admin, err := pgx.Connect(ctx, testServerURL())
	if err != nil {
		t.Fatalf("PostgreSQL must be running for the tests: %v", err)
	}
	defer func() { _ = admin.Close(context.Background()) }()
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+` TEMPLATE template0`); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, testServerURL())
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer func() { _ = admin.Close(context.Background()) }()
		// FORCE ends what is left connected, such as a job's lock session.
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	u.RawPath = ""
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return scratchDB{name: name, url: u.String()}
}

// pool opens a pool on the database, closed when the test ends, sized like
// the pools the other end-to-end tests give the bot.
func (d scratchDB) pool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := postgres.Connect(ctx, d.url, postgres.WithMaxConns(16))
	if err != nil {
		t.Fatalf("connect to %s: %v", d.name, err)
	}
	t.Cleanup(p.Close)
	return p
}

// pgTool finds a PostgreSQL client program. The drill fails without it: a
// backup that cannot be tested is the failure it exists to catch.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is needed for the restore drill (Debian: apt-get install postgresql-client-15, "+
			"the same major version as the server): %v", name, err)
	}
	return p
}

// dump runs pg_dump -Fc of the database into a file under dir, as of the
// exported snapshot when snapshot is not empty (so that the caller can read
// exactly what the dump holds), and returns the file's path.
func (d scratchDB) dump(t *testing.T, dir, snapshot string) string {
	t.Helper()
	file := filepath.Join(dir, d.name+".dump")
	args := []string{"--format=custom", "--file=" + file}
	if snapshot != "" {
		args = append(args, "--snapshot="+snapshot)
	}
	args = append(args, "--dbname="+d.url)
	runTool(t, pgTool(t, "pg_dump"), args...)
	return file
}

// restore runs pg_restore of file into the database, stopping at the first
// error: a restore that half works is a failed drill.
func (d scratchDB) restore(t *testing.T, file string) {
	t.Helper()
	runTool(t, pgTool(t, "pg_restore"), "--exit-on-error", "--dbname="+d.url, file)
}

func runTool(t *testing.T, path string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(path), err, out)
	}
}
