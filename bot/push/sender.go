package push

import (
	"context"
	"log/slog"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/ratelimit"
	"github.com/ledgerbot/ledgerbot/internal/replica"
)

// Defaults of Config.
const (
	DefaultWorkers     = 4
	DefaultLease       = time.Minute
	DefaultMaxAttempts = 8
	DefaultBackoff     = 5 * time.Second
	DefaultGrace       = 5 * time.Second
	// pushPoll is the fallback poll for when a notification is missed (the
	// LISTEN connection dropped) and for rows whose not_before arrived.
	pushPoll = time.Second
	// maxPushBackoff caps the exponential backoff of one row.
	maxPushBackoff = 10 * time.Minute
)

// Config tunes a Sender; zero values take the defaults.
type Config struct {
	Workers     int           // concurrent sends in this replica, default 4
	Lease       time.Duration // how long a claimed row is ours, default 1 min; tests use short ones
	MaxAttempts int           // failed sends (5xx, network) before a row ends failed, default 8
	Backoff     time.Duration // wait before the first retry, doubled for each further one; default 5 s
	Owner       string        // replica id for claims; default hostname-pid-random
	Grace       time.Duration // how long sends in flight may finish after Run's context ends; default 5 s
	Observer    Observer      // told Telegram's answer to every send (metrics); may be nil
}

// Sender sends the outbox: it claims due rows, keeps to Telegram's limits
// through the shared Redis limiter, sends each row and marks it right after
// Telegram answered. Any number of Senders may run, in one process or many.
type Sender struct {
	cfg     Config
	tg      *tgbot.Bot
	store   *outbox.Store
	limiter *ratelimit.Limiter
	log     *slog.Logger
	wake    chan struct{}
}

// New builds a Sender that sends store's rows through tg within limiter's
// limits, with cfg's defaults filled in.
func New(tg *tgbot.Bot, store *outbox.Store, limiter *ratelimit.Limiter, log *slog.Logger, cfg Config) *Sender {
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.Owner == "" {
		cfg.Owner = replica.ID()
	}
	log = log.With(slog.String("component", "sender"), slog.String("owner", cfg.Owner))
	return &Sender{cfg: cfg, tg: tg, store: store, limiter: limiter, log: log, wake: make(chan struct{}, 1)}
}

// sendBudget is how long one row may take from its claim to its last send:
// two thirds of the lease, so the row is marked before another sender could
// take it over.
func sendBudget(lease time.Duration) time.Duration { return lease * 2 / 3 }

// kick wakes the claim loop; a kick while one is pending is merged into it.
func (p *Sender) kick() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends, then returns nil once its sends stopped. Rows
// claimed but not yet sent are handed back; a send cut off mid-flight is
// left to its lease, since Telegram may have delivered it.
func (p *Sender) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { p.listen(ctx) })
	p.log.Info("sender running", slog.Int("workers", p.cfg.Workers))

	slots := make(chan struct{}, p.cfg.Workers)
	poll := time.NewTicker(pushPoll)
	defer poll.Stop()
	for {
		// Wait for one free worker, then take every other free one.
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		free := 1
		for free < p.cfg.Workers && tryAcquire(slots) {
			free++
		}
		rows, err := p.store.Claim(ctx, p.cfg.Owner, free, p.cfg.Lease)
		if err != nil && ctx.Err() == nil {
			p.log.Error("claim outbox rows", slog.Any("error", err))
		}
		for range free - len(rows) {
			<-slots
		}
		claimed := time.Now()
		for _, r := range rows {
			wg.Go(func() {
				defer func() { <-slots; p.kick() }()
				p.deliver(ctx, r, claimed.Add(sendBudget(p.cfg.Lease)))
			})
		}
		if len(rows) == free && err == nil {
			continue // there may be more due right now
		}
		select {
		case <-p.wake:
		case <-poll.C:
		case <-ctx.Done():
			return nil
		}
	}
}

func tryAcquire(slots chan struct{}) bool {
	select {
	case slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// listen turns outbox notifications into kicks, reconnecting after errors;
// the poll covers the gaps.
func (p *Sender) listen(ctx context.Context) {
	for {
		err := p.store.Listen(ctx, p.kick)
		if ctx.Err() != nil {
			return
		}
		p.log.Warn("outbox listener stopped; polling until it is back", slog.Any("error", err))
		select {
		case <-time.After(5 * time.Second):
		case <-ctx.Done():
			return
		}
	}
}
