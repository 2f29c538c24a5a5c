package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/ledgerbot/ledgerbot/bot/chat"
	"github.com/ledgerbot/ledgerbot/bot/intake"
	"github.com/ledgerbot/ledgerbot/bot/push"
	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/handover"
	"github.com/ledgerbot/ledgerbot/internal/health"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/metrics"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/ratelimit"
	"github.com/ledgerbot/ledgerbot/internal/replica"
	"github.com/ledgerbot/ledgerbot/internal/session"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/visit"
	"github.com/ledgerbot/ledgerbot/migrations"
)

const (
	// startupCall bounds each Bot API call made while starting, so a
	// Telegram that does not answer makes start-up fail in seconds instead
	// of hanging.
	startupCall = 15 * time.Second
	// callTimeout bounds any Bot API call; the parts set shorter deadlines
	// of their own where they need them.
	callTimeout = time.Minute
	// pollTimeout is getUpdates' long-poll.
	pollTimeout = 50 * time.Second
)

// poolSize is how many PostgreSQL connections serve may use at once: one per
// update worker and per send, the two listeners (updates, outbox), a few
// for the dispatcher, the scheduler and the chat's batched reads, and three
// for an import's commit (its batches and the two halves of its indexer)
// beside an export.
func poolSize(cfg *config.Config) int32 {
	return int32(cfg.Workers + cfg.Push.SenderWorkers + 8) //nolint:gosec // config bounds both (WORKERS <= 256)
}

// service is every running part of one ledgerbot process.
type service struct {
	tg     *telegram.Client
	chat   *chat.App
	intake *intake.Intake
	sender *push.Sender
	jobs   *jobParts
	// owner names this process in the leases it takes (chat claims,
	// outbox rows, imports).
	owner string
	// registry holds this process's metrics, ready its readiness checks:
	// the admin server (ADMIN_ADDR) serves both.
	registry *prometheus.Registry
	ready    *health.Readiness
}

// build makes every part of the bot from cfg, on pool and rdb, with the
// clock now. Nothing runs yet and nothing is asked of Telegram.
func build(cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, rdb *redis.Client, now func() time.Time) (*service, error) {
	tg, err := telegram.NewClient(cfg.TelegramToken, cfg.TelegramAPIURL, callTimeout, log)
	if err != nil {
		return nil, err
	}
	jobs, err := buildJobs(cfg, pool, now, log)
	if err != nil {
		return nil, err
	}
	// Metrics go to a registry of this process's own, fed by the parts
	// through their observer interfaces.
	reg := metrics.NewRegistry()
	m := metrics.New(reg, intake.AllowedUpdates...)
	jobs.sched.Observer = m
	out := outbox.NewStore(pool)
	app, err := chat.New(chat.Deps{
		Telegram: tg, DB: pool, Log: log, Now: now, Location: cfg.Location,
		Staff:    staff.NewStore(pool, now, cfg.InviteTTL),
		Clients:  client.NewStore(pool, now, cfg.Location).ObserveSearches(m),
		Visits:   visit.NewStore(pool, now, cfg.Location),
		Feedback: feedback.NewStore(pool, now, cfg.Location),
		Sessions: session.NewStore(rdb, pool, cfg.RedisPrefix, cfg.ConversationTTL),
		Outbox:   out, Scheduler: jobs.sched, Churn: jobs.churn, Greetings: jobs.greetings, Duplicates: jobs.dedupe,
		Cadence: cfg.Push.Cadence, SnoozeDays: cfg.Push.SnoozeDays,
		// The importer's client store is one of its own (stores hold no state).
		Imports: importer.New(pool, client.NewStore(pool, now, cfg.Location), now, log).WithRows(m),
		Exports: export.New(pool, cfg.Location),
		// The hand-over deactivates members in its own transaction,
		// through a staff store of its own (stores hold no state).
		Handover: handover.New(pool, staff.NewStore(pool, now, cfg.InviteTTL), now),
	})
	if err != nil {
		return nil, err
	}
	// Everything the bot sends on its own goes through the outbox; the
	// sender sends it within Telegram's limits, shared across replicas.
	limiter, err := ratelimit.New(rdb, cfg.RedisPrefix, ratelimit.Limits{Rate: cfg.Push.SendRate})
	if err != nil {
		return nil, fmt.Errorf("rate limiter: %w", err)
	}
	// One name for this process in every lease it takes.
	owner := replica.ID()
	sender := push.New(tg, out, limiter, log, push.Config{Workers: cfg.Push.SenderWorkers, Owner: owner,
		Grace: cfg.Intake.ShutdownGrace, Observer: m})
	icfg := intake.Config{Workers: cfg.Workers, Lease: cfg.Intake.Lease, RetryFor: cfg.Intake.RetryFor,
		Grace: cfg.Intake.ShutdownGrace, Owner: owner, Observer: m}
	if cfg.Webhook() {
		icfg.Settle = cfg.Intake.WebhookSettle
	}
	in := intake.New(pool, log, app, icfg)
	if err := metrics.RegisterStats(reg, metrics.Sources{Intake: in, Outbox: out, Jobs: jobs.sched, Log: log}); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	migrated, err := health.Migrations(pool, migrations.FS)
	if err != nil {
		return nil, err
	}
	ready := health.NewReadiness(health.DefaultTimeout, health.Postgres(pool), migrated, health.Redis(rdb),
		health.Stalled(in, stallAfter(cfg), time.Now))
	return &service{tg: tg, chat: app, intake: in, sender: sender, jobs: jobs, owner: owner,
		registry: reg, ready: ready}, nil
}

// stallAfter is how long updates may wait while the intake stands still
// before readiness calls it stuck: longer than an update is retried through
// an outage (UPDATE_RETRY_FOR), after which it is given up and the intake
// moves on.
func stallAfter(cfg *config.Config) time.Duration { return cfg.Intake.RetryFor + time.Minute }

// serveWith builds the bot and runs it until ctx ends; then it lets the
// updates and sends in flight finish (cfg.Intake.ShutdownGrace) and returns
// nil. A failure to start, or of a part that must keep running, stops every
// part and is returned. Tests call it with their own pool, Redis client and
// clock.
func serveWith(ctx context.Context, cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, rdb *redis.Client, now func() time.Time) error {
	b, err := build(cfg, log, pool, rdb, now)
	if err != nil {
		return err
	}
	if err := b.run(ctx, cfg, log); err != nil && ctx.Err() == nil {
		return err
	}
	// Stopped on purpose, or done: whatever was cut short runs again at the
	// next start.
	return nil
}

// run starts the parts. What can fail at start fails first, before anything
// runs in the background: the listen ports (admin, webhook), and Telegram
// accepting the webhook.
func (b *service) run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	var admin net.Listener
	if cfg.AdminAddr != "" {
		var err error
		if admin, err = new(net.ListenConfig).Listen(ctx, "tcp", cfg.AdminAddr); err != nil {
			return fmt.Errorf("admin listener (ADMIN_ADDR): %w", err)
		}
	}
	closeAdmin := func() {
		if admin != nil {
			_ = admin.Close()
		}
	}
	var ln net.Listener
	if cfg.Webhook() {
		var err error
		if ln, err = new(net.ListenConfig).Listen(ctx, "tcp", cfg.ListenAddr); err != nil {
			closeAdmin()
			return fmt.Errorf("webhook listener: %w", err)
		}
		call, cancel := context.WithTimeout(ctx, startupCall)
		err = telegram.SetWebhook(call, b.tg, cfg.WebhookURL, cfg.WebhookSecret, intake.AllowedUpdates)
		cancel()
		if err != nil {
			_ = ln.Close()
			closeAdmin()
			return err
		}
	} else {
		call, cancel := context.WithTimeout(ctx, startupCall)
		if err := telegram.DeleteWebhook(call, b.tg); err != nil {
			log.Warn("could not delete webhook", slog.Any("error", err))
		}
		cancel()
	}
	call, cancel := context.WithTimeout(ctx, startupCall)
	if err := b.chat.RegisterCommands(call); err != nil {
		log.Warn("could not register commands", slog.Any("error", err))
	}
	cancel()

	g, gctx := errgroup.WithContext(ctx)
	if admin != nil {
		log.Info("admin server listening: /healthz, /readyz, /metrics", slog.String("addr", admin.Addr().String()))
		g.Go(func() error {
			return serveHTTP(gctx, "admin server", admin, adminServer(b.adminHandler()), cfg.Intake.ShutdownGrace)
		})
	}
	g.Go(func() error { return b.intake.Run(gctx) })
	// Confirmed imports run in the background, one lease per import: one
	// cut short here is resumed by whichever replica runs next.
	g.Go(func() error { return b.chat.RunImports(gctx, b.owner, cfg.Intake.Lease) })
	// Exports run beside the updates, for as long as the process runs.
	g.Go(func() error { return b.chat.RunExports(gctx) })
	g.Go(func() error {
		if err := b.sender.Run(gctx); err != nil {
			return fmt.Errorf("outbox sender: %w", err)
		}
		return nil
	})
	if cfg.Push.Scheduler {
		b.jobs.sched.Start(gctx)
		defer b.jobs.sched.Wait()
	}
	if cfg.Webhook() {
		log.Info("ledgerbot listening for webhooks", slog.String("addr", ln.Addr().String()))
		g.Go(func() error {
			srv := &http.Server{Handler: b.intake.WebhookHandler(cfg.WebhookSecret), ReadHeaderTimeout: 10 * time.Second}
			return serveHTTP(gctx, "webhook server", ln, srv, cfg.Intake.ShutdownGrace)
		})
	} else {
		log.Info("ledgerbot polling", slog.String("api", cfg.TelegramAPIURL))
		g.Go(func() error {
			return intake.NewPoller(cfg.TelegramAPIURL, cfg.TelegramToken, pollTimeout, b.intake, log).Run(gctx)
		})
	}
	return g.Wait()
}

// serveHTTP serves srv on ln until ctx ends, then stops taking new
// requests, lets those under way finish (Telegram's deliveries being
// recorded, a scrape) for up to grace and closes what is left, so that
// nothing of the server outlives serve. A delivery cut off is not
// acknowledged, so Telegram sends it again.
func serveHTTP(ctx context.Context, name string, ln net.Listener, srv *http.Server, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("%s: %w", name, err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		_ = srv.Close()
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%s: shutdown: %w", name, err)
		}
	}
	return nil
}

// adminServer is the admin listener's server. Beside the header timeout of
// every server here, it bounds a whole request, an answer (well above the
// 2 s of /readyz's checks and /metrics' database gauges, and promhttp's own
// 10 s) and how long an idle keep-alive connection stays open: probes and
// scrapers come every few seconds, and the image opens the port to the
// container network, so nobody may hold its connections for ever.
func adminServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute, MaxHeaderBytes: 16 << 10}
}

// adminHandler serves the operator's endpoints: /healthz (the process
// serves), /readyz (PostgreSQL, Redis, migrations, the intake) and
// /metrics (Prometheus).
func (b *service) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health.Alive)
	mux.Handle("GET /readyz", b.ready)
	mux.Handle("GET /metrics", metrics.Handler(b.registry))
	return mux
}

// botUsername asks Telegram for the bot's username, for deep links; "" when
// it cannot be had.
func botUsername(ctx context.Context, cfg *config.Config, log *slog.Logger) string {
	tg, err := telegram.NewClient(cfg.TelegramToken, cfg.TelegramAPIURL, startupCall, log)
	if err != nil {
		return ""
	}
	me, err := tg.GetMe(ctx)
	if err != nil {
		log.Warn("could not ask Telegram for the bot's name", slog.Any("error", err))
		return ""
	}
	return me.Username
}
