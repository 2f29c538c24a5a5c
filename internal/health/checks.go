package health

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// Postgres checks that PostgreSQL answers on the pool.
func Postgres(pool *pgxpool.Pool) Check {
	return Check{Name: "postgres", Run: func(ctx context.Context) error {
		if err := pool.Ping(ctx); err != nil {
			return fmt.Errorf("ping: %w", err)
		}
		return nil
	}}
}

// Migrations checks that the database carries every migration of fsys (the
// embedded NNNN_name.up.sql files): a binary newer than its schema, with
// AUTO_MIGRATE off, must not take traffic. A database ahead of the binary
// is fine: an older replica still running during a rolling deploy.
func Migrations(pool *pgxpool.Pool, fsys fs.FS) (Check, error) {
	want, err := latestMigration(fsys)
	if err != nil {
		return Check{}, err
	}
	return Check{Name: "migrations", Run: func(ctx context.Context) error {
		var have int
		if err := pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		if have < want {
			return fmt.Errorf("database at version %d, this binary needs %d: run `ledgerbot migrate`", have, want)
		}
		return nil
	}}, nil
}

// latestMigration is the highest version among fsys's NNNN_name.up.sql
// files, read as the migrations runner reads them.
func latestMigration(fsys fs.FS) (int, error) {
	names, err := fs.Glob(fsys, "*.up.sql")
	if err != nil {
		return 0, fmt.Errorf("list migrations: %w", err)
	}
	latest := 0
	for _, n := range names {
		num, _, _ := strings.Cut(n, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return 0, fmt.Errorf("migration %q: want NNNN_name.up.sql", n)
		}
		latest = max(latest, v)
	}
	if latest == 0 {
		return 0, errors.New("no migrations embedded")
	}
	return latest, nil
}

// Redis checks that Redis answers.
func Redis(rdb *redis.Client) Check {
	return Check{Name: "redis", Run: func(ctx context.Context) error {
		if err := rdb.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("ping: %w", err)
		}
		return nil
	}}
}

// Intake is the intake's queue as readiness reads it (bot/intake.Intake).
type Intake interface {
	Backlog(ctx context.Context) (pending int64, oldest time.Duration, err error)
	Progress() time.Time
}

// Stalled checks that the intake is not stuck: it fails when an update has
// waited longer than after while this process's intake has not moved for
// as long. Either alone is no stall: a busy intake keeps moving, and an
// idle one has nothing waiting. after must exceed how long one update may
// be retried through an outage (UPDATE_RETRY_FOR), or a worker patiently
// retrying would read as stuck. now is the real clock.
func Stalled(in Intake, after time.Duration, now func() time.Time) Check {
	return Check{Name: "intake", Run: func(ctx context.Context) error {
		pending, oldest, err := in.Backlog(ctx)
		if err != nil {
			return err
		}
		if oldest <= after {
			return nil
		}
		moved := in.Progress()
		if moved.IsZero() {
			return fmt.Errorf("stalled: %d updates pending, the oldest for %v, and this process's intake has not started",
				pending, oldest.Round(time.Second))
		}
		if idle := now().Sub(moved); idle > after {
			return fmt.Errorf("stalled: %d updates pending, the oldest for %v, and this process's intake has not moved for %v",
				pending, oldest.Round(time.Second), idle.Round(time.Second))
		}
		return nil
	}}
}
