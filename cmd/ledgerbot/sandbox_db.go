package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// The sandbox's own database (on DATABASE_URL's server) and Redis prefix:
// it never touches the ledger the bot serves.
const (
	sandboxDatabaseName = "ledgerbot_sandbox"
	sandboxRedisPrefix  = "ledgerbot_sandbox:"
)

// errSandboxIsDatabaseURL refuses a DATABASE_URL that is the sandbox's own
// database: the sandbox drops that one at every start, and needs another
// database of the server to do it from.
var errSandboxIsDatabaseURL = errors.New("sandbox database: DATABASE_URL names " + sandboxDatabaseName +
	" itself, which the sandbox drops at every start; name the server's usual database (postgres, or the bot's)")

// sandboxDatabase drops and creates the sandbox's database, so every start
// is the same demo, and returns a pool on it with every migration applied.
// The role needs CREATEDB (a local superuser has it).
func sandboxDatabase(ctx context.Context, cfg *config.Config, log *slog.Logger) (*pgxpool.Pool, error) {
	cc, err := pgx.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("sandbox database: parse DATABASE_URL: %w", err)
	}
	// Checked before connecting, so the refusal says why whether or not
	// that database exists yet.
	if cc.Database == sandboxDatabaseName {
		return nil, errSandboxIsDatabaseURL
	}
	admin, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return nil, fmt.Errorf("sandbox database: connect to DATABASE_URL: %w", err)
	}
	defer func() { _ = admin.Close(context.WithoutCancel(ctx)) }()
	// A URL without a database name lands in the role's namesake.
	var current string
	if err := admin.QueryRow(ctx, `SELECT current_database()`).Scan(&current); err != nil {
		return nil, fmt.Errorf("sandbox database: read the current database: %w", err)
	}
	if current == sandboxDatabaseName {
		return nil, errSandboxIsDatabaseURL
	}
	name := pgx.Identifier{sandboxDatabaseName}.Sanitize()
	// FORCE ends the sessions of a sandbox still running elsewhere.
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		return nil, fmt.Errorf("sandbox database: drop the old one: %w", err)
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		return nil, fmt.Errorf("sandbox database: create (the role needs CREATEDB): %w", err)
	}
	pc, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	pc.ConnConfig.Database = sandboxDatabaseName
	pc.MaxConns = max(pc.MaxConns, poolSize(cfg))
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("sandbox database: open pool: %w", err)
	}
	if _, err := postgres.Migrate(ctx, pool, migrations.FS, log); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// clearRedisPrefix deletes the keys a previous sandbox left under prefix:
// drafts of conversations whose database is gone.
func clearRedisPrefix(ctx context.Context, rdb *redis.Client, prefix string) error {
	iter := rdb.Scan(ctx, 0, prefix+"*", 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("sandbox redis: scan %s*: %w", prefix, err)
	}
	for len(keys) > 0 {
		n := min(len(keys), 500)
		if err := rdb.Del(ctx, keys[:n]...).Err(); err != nil {
			return fmt.Errorf("sandbox redis: clear %s*: %w", prefix, err)
		}
		keys = keys[n:]
	}
	return nil
}
