package main

import (
	"context"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// harnessOn is a harness like setup's, but on a database the test made
// (pool) instead of a pgtest schema, sharing the fake Telegram tg and the
// clock clk with another harness: the restore drill runs the original bot
// and the restored copy against the same Telegram, as an operator would.
// Redis gets a fresh prefix, as a restored bot would find an empty Redis.
// The bot is not started; migrations are applied as `serve` applies them
// (AUTO_MIGRATE), and how many were applied is returned.
func harnessOn(t *testing.T, tg *telegramtest.Server, pool *pgxpool.Pool, clk *clock, env map[string]string) (*harness, int) {
	t.Helper()
	h := &harness{t: t, tg: tg, pool: pool, clock: clk}
	var prefix string
	h.rdb, prefix = redistest.New(t)
	h.botPool, h.botRdb = h.pool, h.rdb
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "TELEGRAM_TOKEN":
			return telegramtest.Token
		case "TELEGRAM_API_URL":
			return tg.URL()
		case "REDIS_PREFIX":
			return prefix
		case "SCHEDULER":
			// The drill runs the scheduler's catch-up itself, on the
			// injected clock (h.catchUp); cron would tick on the real one.
			return "false"
		case "ADMIN_ADDR":
			// Two bots run at once, beside other tests: no fixed port.
			return "off"
		}
		return env[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	h.cfg = cfg
	h.staff = staff.NewStore(h.pool, clk.Now, cfg.InviteTTL)
	h.nextID.Store(1000)
	applied, err := postgres.Migrate(context.Background(), pool, migrations.FS, nil)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return h, applied
}

// catchUp runs what the scheduler runs at start and on every tick, as of
// the harness clock: each job's latest period of the day (week, month) that
// has not completed. It returns how many messages the runs enqueued (new
// outbox rows; nothing else may enqueue meanwhile) and how many job periods
// ran (new job_runs rows and retried ones).
func (h *harness) catchUp() (enqueued, ran int) {
	h.t.Helper()
	jobs, err := buildJobs(h.cfg, h.pool, h.clock.Now, slog.New(slog.DiscardHandler))
	if err != nil {
		h.t.Fatal(err)
	}
	// A new period is a row with one attempt; a period run again adds one.
	const runsSQL = `SELECT coalesce(sum(attempts), 0)::int FROM job_runs`
	outbox, runs := h.count(`SELECT count(*) FROM outbox`), h.count(runsSQL)
	if err := jobs.sched.CatchUp(context.Background()); err != nil {
		h.t.Fatalf("catch-up: %v", err)
	}
	return h.count(`SELECT count(*) FROM outbox`) - outbox, h.count(runsSQL) - runs
}
