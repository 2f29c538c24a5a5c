// Command ledgerbot runs the client-ledger Telegram bot and its operator
// subcommands: serve (the default), migrate, invite and jobs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // LEDGERBOT_TZ works even on images without zoneinfo

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/bot"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/migrations"
)

const usage = `usage: ledgerbot [command]

commands:
  serve                       run the bot (default)
  migrate                     apply database migrations and exit
  invite --role R [--team T]  print a one-time invite code (R: admin, manager or sales)
  jobs list                   the scheduled jobs, their schedules, last and next runs
  jobs run NAME [--at DATE]   run one job now, as of DATE (YYYY-MM-DD)

Configuration comes from the environment; see README.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ledgerbot:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := newLogger(cfg.LogLevel)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		pool, err := postgres.Connect(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		n, err := postgres.Migrate(ctx, pool, migrations.FS, log)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied %d migration(s)\n", n)
		return nil
	case "invite":
		return invite(ctx, cfg, log, args, stdout)
	case "jobs":
		return jobs(ctx, cfg, log, args, stdout)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

func invite(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	roleFlag := fs.String("role", "", "admin, manager or sales")
	teamFlag := fs.String("team", "", "team name (created if missing); required for manager and sales")
	if err := fs.Parse(args); err != nil {
		return err
	}
	role, err := access.ParseRole(*roleFlag)
	if err != nil {
		return err
	}
	if role != access.Admin && *teamFlag == "" {
		return errors.New("invite: --team is required for manager and sales")
	}
	pool, err := migrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := staff.NewStore(pool, time.Now, cfg.InviteTTL)
	var teamID int64
	if *teamFlag != "" {
		t, err := st.EnsureTeam(ctx, *teamFlag)
		if err != nil {
			return err
		}
		teamID = t.ID
	}
	code, inv, err := st.CreateInvite(ctx, nil, role, teamID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "invite code: %s\nrole: %s\nexpires: %s\nsend to the bot: /start %s\n", code, role, inv.ExpiresAt.In(cfg.Location).Format(time.RFC3339), code)
	if cfg.TelegramToken != "" {
		app, err := bot.New(ctx, bot.Deps{Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL, Log: log})
		if err == nil {
			if u := app.Username(ctx); u != "" {
				fmt.Fprintf(stdout, "deep link: https://t.me/%s?start=%s\n", u, code)
			}
		}
	}
	return nil
}

func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	if err := cfg.RequireToken(); err != nil {
		return err
	}
	if cfg.PprofAddr != "" {
		// net/http/pprof registers on the default mux, which nothing else uses.
		go func() {
			if err := http.ListenAndServe(cfg.PprofAddr, nil); err != nil {
				log.Warn("pprof server stopped", slog.Any("error", err))
			}
		}()
	}
	pool, err := postgres.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if cfg.AutoMigrate {
		if _, err := postgres.Migrate(ctx, pool, migrations.FS, log); err != nil {
			return err
		}
	}
	opt, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return bot.Serve(ctx, cfg, log, pool, rdb, time.Now)
}

// migrated connects to the database and brings its schema up to date, for
// the operator commands that may run before the first serve.
func migrated(ctx context.Context, cfg *config.Config, log *slog.Logger) (*pgxpool.Pool, error) {
	pool, err := postgres.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if _, err := postgres.Migrate(ctx, pool, migrations.FS, log); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}
