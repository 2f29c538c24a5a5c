package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/session"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// Serve wires the stores and the bot and runs until ctx ends. Tests call it
// with their own pool, Redis client and clock.
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
		Sessions: session.NewStore(rdb, cfg.RedisPrefix, cfg.ConversationTTL),
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
	var bg sync.WaitGroup
	defer bg.Wait()
	bg.Add(1)
	go func() {
		defer bg.Done()
		if err := pusher.Run(ctx); err != nil && ctx.Err() == nil {
			log.Error("outbox sender stopped", slog.Any("error", err))
		}
	}()
	if cfg.Push.Scheduler {
		pp.sched.Start(ctx)
		defer pp.sched.Wait()
	}
	if err := app.RegisterCommands(ctx); err != nil {
		log.Warn("could not register commands", slog.Any("error", err))
	}
	intake := NewIntake(pool, log, cfg.Workers, app.Handle)
	intake.OnGiveUp(app.GiveUp)
	if err := intake.Start(ctx); err != nil {
		return err
	}
	defer intake.Wait()

	if !cfg.Webhook() {
		if err := app.DeleteWebhook(ctx); err != nil {
			log.Warn("could not delete webhook", slog.Any("error", err))
		}
		log.Info("ledgerbot polling", slog.String("api", cfg.TelegramAPIURL))
		return NewPoller(cfg.TelegramAPIURL, cfg.TelegramToken, 50*time.Second, intake, log).Run(ctx)
	}
	srv := &http.Server{Addr: cfg.ListenAddr, Handler: intake.WebhookHandler(cfg.WebhookSecret), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	if err := app.SetWebhook(ctx, cfg.WebhookURL, cfg.WebhookSecret); err != nil {
		_ = srv.Close()
		return err
	}
	log.Info("ledgerbot listening for webhooks", slog.String("addr", cfg.ListenAddr))
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	case err := <-errc:
		return fmt.Errorf("webhook server: %w", err)
	}
}
