// Command ledgerbot runs the client-ledger Telegram bot and its operator
// subcommands: serve (the default), migrate, invite, jobs, healthcheck,
// sandbox, version and help.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	_ "net/http/pprof" //nolint:gosec // G108: served only on PPROF_ADDR, off unless set, documented to stay on loopback
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // LEDGERBOT_TZ works even on images without zoneinfo

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/migrations"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs one command. Help and version need no configuration; every other
// command loads and validates it first.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch {
	case isHelp(cmd):
		fmt.Fprint(stdout, usage)
		return nil
	case cmd == "version":
		if err := noArgs(cmd, args); err != nil {
			return err
		}
		fmt.Fprint(stdout, versionText())
		return nil
	case cmd != "serve" && cmd != "migrate" && cmd != "invite" && cmd != "jobs" && cmd != "healthcheck" && cmd != "sandbox":
		return &usageError{msg: fmt.Sprintf("unknown command %q", cmd), usage: usage}
	case cmd == "serve" || cmd == "migrate":
		if err := noArgs(cmd, args); err != nil {
			return err
		}
	case cmd == "healthcheck":
		// It asks a running instance; only where it listens matters.
		return healthcheck(ctx, config.AdminAddr(getenv), args, stdout)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := newLogger(os.Stderr, cfg.LogLevel)
	redis.SetLogger(redisLogger{log: log})
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
	case "sandbox":
		return sandbox(ctx, cfg, log, args, stdout)
	}
	return jobs(ctx, cfg, log, args, stdout)
}

func invite(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	roleFlag := fs.String("role", "", "admin, manager or sales")
	teamFlag := fs.String("team", "", "team name (created if missing); required for manager and sales")
	if err := parseFlags(fs, args, inviteUsage, stdout); err != nil {
		return err
	}
	role, err := access.ParseRole(*roleFlag)
	if err != nil {
		return &usageError{msg: "--role: " + err.Error(), usage: inviteUsage}
	}
	if role != access.Admin && *teamFlag == "" {
		return &usageError{msg: "--team is required for manager and sales", usage: inviteUsage}
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
		if name := botUsername(ctx, cfg, log); name != "" {
			fmt.Fprintf(stdout, "deep link: https://t.me/%s?start=%s\n", name, code)
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
			srv := &http.Server{Addr: cfg.PprofAddr, ReadHeaderTimeout: 10 * time.Second}
			if err := srv.ListenAndServe(); err != nil {
				log.Warn("pprof server stopped", slog.Any("error", err))
			}
		}()
	}
	pool, err := postgres.Connect(ctx, cfg.DatabaseURL, postgres.WithMaxConns(poolSize(cfg)))
	if err != nil {
		return err
	}
	defer pool.Close()
	if cfg.AutoMigrate {
		if _, err := postgres.Migrate(ctx, pool, migrations.FS, log); err != nil {
			return err
		}
	}
	opt, err := cfg.RedisOptions()
	if err != nil {
		return err
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return serveWith(ctx, cfg, log, pool, rdb, time.Now)
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
