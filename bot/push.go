package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/ratelimit"
)

// Defaults of PusherConfig.
const (
	DefaultSendRate    = 25
	DefaultPushWorkers = 4
	DefaultPushLease   = time.Minute
	DefaultMaxAttempts = 8
	DefaultPushBackoff = 5 * time.Second
	// pushPoll is the fallback poll for when a notification is missed (the
	// LISTEN connection dropped) and for rows whose not_before arrived.
	pushPoll = time.Second
	// maxPushBackoff caps the exponential backoff of one row.
	maxPushBackoff = 10 * time.Minute
)

// PusherConfig is what a Pusher is built from.
type PusherConfig struct {
	Token, APIURL string
	HTTPClient    *http.Client // nil: a sensible default
	DB            *pgxpool.Pool
	Redis         *redis.Client
	Prefix        string        // Redis key prefix (REDIS_PREFIX)
	Rate          float64       // overall msgs/s across replicas (SEND_RATE, default 25; higher only in benchmarks)
	Workers       int           // concurrent sends in this replica, default 4
	Lease         time.Duration // how long a claimed row is ours, default 1 min; tests use short ones
	MaxAttempts   int           // failed sends (5xx, network) before a row ends failed, default 8
	Backoff       time.Duration // wait before the first retry, doubled for each further one; default 5 s
	Owner         string        // replica id for claims; default hostname-pid-random
	Log           *slog.Logger
}

// Pusher sends the outbox: it claims due rows, keeps to Telegram's limits
// through the shared Redis limiter, sends each row and marks it right after
// Telegram answered. Any number of Pushers may run, in one process or many.
type Pusher struct {
	cfg     PusherConfig
	tg      *tgbot.Bot
	store   *outbox.Store
	limiter *ratelimit.Limiter
	log     *slog.Logger
	wake    chan struct{}
}

// NewPusher checks cfg, fills in its defaults and builds the Telegram client.
func NewPusher(cfg PusherConfig) (*Pusher, error) {
	if cfg.Token == "" || cfg.DB == nil || cfg.Redis == nil {
		return nil, errors.New("pusher: token, database and Redis are required")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://api.telegram.org"
	}
	if cfg.Rate == 0 {
		cfg.Rate = DefaultSendRate
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultPushWorkers
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultPushLease
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultPushBackoff
	}
	if cfg.Owner == "" {
		cfg.Owner = defaultOwner()
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	limiter, err := ratelimit.New(cfg.Redis, cfg.Prefix, ratelimit.Limits{Rate: cfg.Rate})
	if err != nil {
		return nil, fmt.Errorf("pusher: %w", err)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns = 100
		tr.MaxIdleConnsPerHost = 100
		hc = &http.Client{Timeout: sendBudget(cfg.Lease), Transport: bufferedTransport{next: tr}}
	}
	log := cfg.Log.With(slog.String("component", "pusher"), slog.String("owner", cfg.Owner))
	tg, err := tgbot.New(cfg.Token, tgbot.WithServerURL(cfg.APIURL), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(sendBudget(cfg.Lease), hc),
		tgbot.WithErrorsHandler(func(err error) { log.Warn("telegram client", slog.Any("error", err)) }))
	if err != nil {
		return nil, fmt.Errorf("pusher: telegram client: %w", err)
	}
	return &Pusher{cfg: cfg, tg: tg, store: outbox.NewStore(cfg.DB), limiter: limiter, log: log,
		wake: make(chan struct{}, 1)}, nil
}

// sendBudget is how long one row may take from its claim to its last send:
// two thirds of the lease, so the row is marked before another sender could
// take it over.
func sendBudget(lease time.Duration) time.Duration { return lease * 2 / 3 }

func defaultOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// kick wakes the claim loop; a kick while one is pending is merged into it.
func (p *Pusher) kick() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends, then returns nil once its sends stopped. Rows
// claimed but not yet sent are handed back; a send cut off mid-flight is
// left to its lease, since Telegram may have delivered it.
func (p *Pusher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { p.listen(ctx) })
	p.log.Info("pusher running", slog.Float64("rate", p.cfg.Rate), slog.Int("workers", p.cfg.Workers))

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
func (p *Pusher) listen(ctx context.Context) {
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
