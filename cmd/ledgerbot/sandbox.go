package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/ledgerbot/ledgerbot/internal/config"
	sbx "github.com/ledgerbot/ledgerbot/internal/sandbox"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

const sandboxUsage = `usage: ledgerbot sandbox [--date YYYY-MM-DD]

Runs the whole bot against a Telegram Bot API emulated inside the process,
on a demo ledger seeded afresh in the database ledgerbot_sandbox (on
DATABASE_URL's server) and under the Redis prefix ledgerbot_sandbox:, and
serves a web chat at SANDBOX_ADDR (default 127.0.0.1:8088). No
TELEGRAM_TOKEN is needed.

  --date YYYY-MM-DD   the sandbox's first day (default: today in LEDGERBOT_TZ)
`

// sandboxStartHour is when the sandbox's first day starts: after the
// morning's jobs, which then run at once as after a restart.
const sandboxStartHour, sandboxStartMinute = 9, 30

// The years --date may name: room for any demo, while a slip of the year
// (0226 or 2206 for 2026) is refused before the demo database is dropped,
// rather than seeding a ledger of a year nobody meant.
const sandboxFirstYear, sandboxLastYear = 2000, 2099

// sandbox runs `ledgerbot sandbox`: a fresh demo database and Redis prefix,
// then runSandbox until ctx ends.
func sandbox(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dateFlag := fs.String("date", "", "the first day (YYYY-MM-DD)")
	if err := parseFlags(fs, args, sandboxUsage, stdout); err != nil {
		return err
	}
	day := time.Now().In(cfg.Location)
	if *dateFlag != "" {
		var err error
		if day, err = time.ParseInLocation(time.DateOnly, *dateFlag, cfg.Location); err != nil {
			return &usageError{msg: fmt.Sprintf("--date: want a date like 2026-11-23, got %q", *dateFlag), usage: sandboxUsage}
		}
		if y := day.Year(); y < sandboxFirstYear || y > sandboxLastYear {
			return &usageError{msg: fmt.Sprintf("--date: pick a day from %d to %d, got %s", sandboxFirstYear, sandboxLastYear, *dateFlag),
				usage: sandboxUsage}
		}
	}
	start := firstMorning(day, cfg.Location)

	// The port first: a second sandbox started by mistake must fail here,
	// before it drops the database and clears the drafts of the one that
	// holds the port.
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", cfg.SandboxAddr)
	if err != nil {
		return fmt.Errorf("sandbox listener (SANDBOX_ADDR): %w", err)
	}
	defer func() { _ = ln.Close() }() // runSandbox closes it too; this covers a failed setup
	pool, err := sandboxDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	opt, err := cfg.RedisOptions()
	if err != nil {
		return err
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	sc := *cfg
	sc.RedisPrefix = sandboxRedisPrefix
	if err := clearRedisPrefix(ctx, rdb, sc.RedisPrefix); err != nil {
		return err
	}
	return runSandbox(ctx, &sc, log, pool, rdb, start, ln, stdout)
}

// firstMorning is day at the sandbox's start time; today's start is now
// when now is later, so the clock never starts in the past.
func firstMorning(day time.Time, loc *time.Location) time.Time {
	y, m, d := day.In(loc).Date()
	start := time.Date(y, m, d, sandboxStartHour, sandboxStartMinute, 0, 0, loc)
	if now := time.Now(); start.Before(now) && sameDay(start, now, loc) {
		return now.In(loc).Truncate(time.Minute)
	}
	return start
}

func sameDay(a, b time.Time, loc *time.Location) bool {
	return a.In(loc).Format(time.DateOnly) == b.In(loc).Format(time.DateOnly)
}

// runSandbox seeds the demo ledger into pool (migrated, empty), then runs the
// bot as serve builds it, against a Bot API emulated in this process, on a
// clock that starts at start, and serves the web chat on ln, until ctx
// ends. cfg's Redis prefix must be the sandbox's own. Tests call it with
// their own schema and prefix.
func runSandbox(ctx context.Context, cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, rdb *redis.Client,
	start time.Time, ln net.Listener, stdout io.Writer) error {
	defer func() { _ = ln.Close() }() // Serve closes it too; this covers a failed start
	tg, err := telegramtest.Listen(ctx, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer tg.Close()
	clock := sbx.NewClock(start)
	tg.SetClock(clock.Now)

	began := time.Now()
	sum, err := sbx.Seed(ctx, pool, cfg.Location, start)
	if err != nil {
		return err
	}
	log.Info("sandbox ledger seeded", slog.Int("clients", sum.Clients), slog.Int("visits", sum.Visits),
		slog.Int("deals", sum.Deals), slog.Int("feedback", sum.Feedback), slog.Duration("took", time.Since(began)))

	bc := *cfg
	bc.TelegramToken, bc.TelegramAPIURL = telegramtest.Token, tg.URL()
	bc.WebhookURL, bc.WebhookSecret = "", "" // the emulation is polled
	bc.Push.Scheduler = true
	b, err := build(&bc, log, pool, rdb, clock.Now)
	if err != nil {
		return err
	}
	web := sbx.NewWeb(tg, clock, bc.Location, fastForward(b, clock, bc.Push.CronLocation), log)
	srv := &http.Server{Handler: web, ReadHeaderTimeout: 10 * time.Second}

	fmt.Fprintf(stdout, "ledgerbot sandbox: open http://%s in a browser (%d clients seeded; Ctrl-C stops it)\n",
		ln.Addr(), sum.Clients)
	g, gctx := errgroup.WithContext(ctx)
	// The page's long polls end with gctx, so a shutdown does not wait
	// for them.
	srv.BaseContext = func(net.Listener) context.Context { return gctx }
	g.Go(func() error { return b.run(gctx, &bc, log) })
	g.Go(func() error {
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(ln) }()
		select {
		case err := <-errc:
			return fmt.Errorf("sandbox web server: %w", err)
		case <-gctx.Done():
		}
		shut, cancel := context.WithTimeout(context.WithoutCancel(gctx), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("sandbox web server: %w", err)
		}
		return nil
	})
	if err := g.Wait(); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
