package pgtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// errNotURL: the test database is derived by replacing the URL's database,
// which a key=value connection string does not allow.
var errNotURL = errors.New("TEST_DATABASE_URL must be a postgres:// URL")

// prepareLock serialises test processes (one per package, run in
// parallel by go test) creating the database and the extension schema.
const prepareLock = 4242

// prepared makes sure, once per test process, that the test database exists
// and keeps pg_trgm in ExtSchema.
var prepared = sync.OnceValue(func() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := withDatabase(serverURL(), Database); err != nil {
		return err
	}
	if err := createDatabase(ctx); err != nil {
		return fmt.Errorf("create database %s: %w", Database, err)
	}
	return arrangeExtensions(ctx)
})

// createDatabase creates Database through the server URL's own database
// unless it exists.
func createDatabase(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, serverURL())
	if err != nil {
		return fmt.Errorf("PostgreSQL must be running for the tests: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, prepareLock); err != nil {
		return err
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, Database).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{Database}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: a racer outside our lock
		return nil
	}
	return err
}

// arrangeExtensions puts pg_trgm in ExtSchema of the test database: created
// there, or moved there from wherever it was (pg_trgm is relocatable).
// Migration 0002's CREATE EXTENSION IF NOT EXISTS then finds it, and its
// functions and operator classes resolve through the search_path.
func arrangeExtensions(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, DatabaseURL())
	if err != nil {
		return fmt.Errorf("connect to %s: %w", Database, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, prepareLock); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+ExtSchema); err != nil {
		return fmt.Errorf("create schema %s in %s: %w", ExtSchema, Database, err)
	}
	var where string
	err = conn.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = 'pg_trgm'`).Scan(&where)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		_, err = conn.Exec(ctx, `CREATE EXTENSION pg_trgm WITH SCHEMA `+ExtSchema)
	case err == nil && where != ExtSchema:
		_, err = conn.Exec(ctx, `ALTER EXTENSION pg_trgm SET SCHEMA `+ExtSchema)
	}
	if err != nil {
		return fmt.Errorf("pg_trgm must live in schema %[1]s of database %[2]s, and could not be put there "+
			"(is the contrib package installed? as a superuser: CREATE EXTENSION pg_trgm WITH SCHEMA %[1]s): %[3]w",
			ExtSchema, Database, err)
	}
	return nil
}
