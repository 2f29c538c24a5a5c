package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/ledgerbot/ledgerbot/bot/intake"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/session"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// startupCall bounds each Bot API call made while starting, so a Telegram
// that does not answer makes start-up fail in seconds instead of hanging.
const startupCall = 15 * time.Second

// Serve wires the stores and the bot and runs until ctx ends; then it lets
// the updates in flight finish (cfg.Intake.ShutdownGrace) and returns nil.
// A failure to start, or of a part that must keep running, stops every part
// and is returned. Tests call it with their own pool, Redis client and clock.
func Serve(ctx context.Context, cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, rdb *redis.Client, now func() time.Time) error {
	err := serve(ctx, cfg, log, pool, rdb, now)
	if ctx.Err() != nil {
		return nil // stopped on purpose; whatever was cut short runs again at the next start
	}
	return err
}

func serve(ctx context.Context, cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, rdb *redis.Client, now func() time.Time) error {
	pp, err := newPushParts(cfg, pool, now, log)
	if err != nil {
		return err
	}
	app, err := New(ctx, Deps{
		Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL, Log: log, Now: now, Location: cfg.Location, DB: pool,
		Staff:    staff.NewStore(pool, now, cfg.InviteTTL),
		Clients:  client.NewStore(pool, now, cfg.Location),
		Visits:   visit.NewStore(pool, now, cfg.Location),
		Feedback: feedback.NewStore(pool, now, cfg.Location),
		Sessions: session.NewStore(rdb, pool, cfg.RedisPrefix, cfg.ConversationTTL),
		Outbox:   outbox.NewStore(pool), Scheduler: pp.sched, Churn: pp.churn, Greetings: pp.greetings,
		Cadence: cfg.Push.Cadence, SnoozeDays: cfg.Push.SnoozeDays,
	})
	if err != nil {
		return err
	}
	// Everything the bot sends on its own goes through the outbox; the
	// pusher sends it within Telegram's limits, shared across replicas.
	pusher, err := NewPusher(PusherConfig{Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL, DB: pool, Redis: rdb,
		Prefix: cfg.RedisPrefix, Rate: cfg.Push.SendRate, Workers: cfg.Push.SenderWorkers, Log: log})
	if err != nil {
		return err
	}
	icfg := intake.Config{Workers: cfg.Workers, Lease: cfg.Intake.Lease, RetryFor: cfg.Intake.RetryFor, Grace: cfg.Intake.ShutdownGrace}
	if cfg.Webhook() {
		icfg.Settle = cfg.Intake.WebhookSettle
	}
	in := intake.New(pool, log, app, icfg)

	// What can fail at start fails here, before anything runs in the
	// background: the listen port, and Telegram accepting the webhook.
	var ln net.Listener
	if cfg.Webhook() {
		if ln, err = net.Listen("tcp", cfg.ListenAddr); err != nil {
			return fmt.Errorf("webhook listener: %w", err)
		}
		call, cancel := context.WithTimeout(ctx, startupCall)
		err = app.SetWebhook(call, cfg.WebhookURL, cfg.WebhookSecret)
		cancel()
		if err != nil {
			_ = ln.Close()
			return err
		}
	} else {
		call, cancel := context.WithTimeout(ctx, startupCall)
		if err := app.DeleteWebhook(call); err != nil {
			log.Warn("could not delete webhook", slog.Any("error", err))
		}
		cancel()
	}
	call, cancel := context.WithTimeout(ctx, startupCall)
	if err := app.RegisterCommands(call); err != nil {
		log.Warn("could not register commands", slog.Any("error", err))
	}
	cancel()

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return in.Run(gctx) })
	g.Go(func() error {
		if err := pusher.Run(gctx); err != nil {
			return fmt.Errorf("outbox sender: %w", err)
		}
		return nil
	})
	if cfg.Push.Scheduler {
		pp.sched.Start(gctx)
		defer pp.sched.Wait()
	}
	if cfg.Webhook() {
		log.Info("ledgerbot listening for webhooks", slog.String("addr", ln.Addr().String()))
		g.Go(func() error {
			return serveWebhook(gctx, ln, in.WebhookHandler(cfg.WebhookSecret), cfg.Intake.ShutdownGrace)
		})
	} else {
		log.Info("ledgerbot polling", slog.String("api", cfg.TelegramAPIURL))
		g.Go(func() error {
			return intake.NewPoller(cfg.TelegramAPIURL, cfg.TelegramToken, 50*time.Second, in, log).Run(gctx)
		})
	}
	return g.Wait()
}

// serveWebhook serves Telegram's deliveries on ln until ctx ends, then stops
// taking new ones and lets those being recorded finish.
func serveWebhook(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("webhook server: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("webhook server: shutdown: %w", err)
	}
	return nil
}
