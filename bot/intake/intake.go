package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/replica"
)

// Channel is the PostgreSQL notification channel Record signals on commit,
// with the schema and the recording replica as payload ("t_1a2b host-1-ab"),
// so every other replica's dispatcher wakes at once.
const Channel = "ledgerbot_updates"

// Handler is what the intake runs each update through: the chat app.
type Handler interface {
	// Handle applies one update. It returns an error only for a failure
	// worth retrying; what the user did wrong it answers instead.
	Handle(ctx context.Context, u *models.Update) error
	// Abandon runs in the transaction that gives u up for good and queues
	// the user's notice there, so the notice and the mark commit together.
	// temporary says the failure was an outage (trying later may work).
	Abandon(ctx context.Context, tx pgx.Tx, u *models.Update, temporary bool) error
	// Abandoned runs after that commit: a best-effort immediate answer (the
	// pop-up of a pressed button).
	Abandoned(ctx context.Context, u *models.Update, temporary bool)
}

// Config tunes the intake; zero values take the defaults.
type Config struct {
	// Workers is how many chats this replica handles at once (default 8).
	Workers int
	// Lease is how long a claim on a chat lasts without renewal: how soon a
	// dead replica's chats are taken over (default 10 s).
	Lease time.Duration
	// Settle is how long a fresh update waits for an earlier one of its chat
	// still being delivered on another connection (webhook mode; 0 when
	// polling, where getUpdates returns updates in order).
	Settle time.Duration
	// RetryFor is how long an update failing for a transient reason is
	// retried before it is given up (default 2 min).
	RetryFor time.Duration
	// Grace is how long, once Run's context ends, updates in flight may take
	// to finish before they are cut short (default 10 s).
	Grace time.Duration
	// Backoff is the first pause between attempts, doubled up to 5 s
	// (default 200 ms).
	Backoff time.Duration
	// Owner names this replica in claims; default host-pid-random.
	Owner string
	// Observer is told what happens to updates (metrics); nil: nobody.
	Observer Observer
}

// Defaults of Config.
const (
	DefaultWorkers  = 8
	DefaultLease    = 10 * time.Second
	DefaultRetryFor = 2 * time.Minute
	DefaultGrace    = 10 * time.Second
	DefaultBackoff  = 200 * time.Millisecond
	maxBackoff      = 5 * time.Second
	// permanentTries is how often an update failing for a reason that is
	// not an outage is tried in all, in case the reason was misjudged.
	permanentTries = 3
	// sweep is the fallback poll for chats nobody woke us for: a dead
	// replica's chats whose lease ran out, a missed notification.
	sweep = time.Second
)

// Intake records updates and runs them. One Intake per process.
type Intake struct {
	db  *pgxpool.Pool
	log *slog.Logger
	h   Handler
	cfg Config

	wake chan struct{}
	// moved is when the intake last moved (Progress), in Unix nanoseconds.
	moved atomic.Int64

	mu     sync.Mutex
	active map[int64]bool // chats a local worker holds
	// again marks an active chat the dispatcher claimed anew while its
	// worker was leaving it (it had just released the chat when an update
	// came): the worker stays on instead of leaving a claim nobody serves.
	again map[int64]bool
}

// New builds an Intake; Run starts handling, Record and the webhook handler
// work without it.
func New(db *pgxpool.Pool, log *slog.Logger, h Handler, cfg Config) *Intake {
	if cfg.Workers < 1 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.RetryFor <= 0 {
		cfg.RetryFor = DefaultRetryFor
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.Owner == "" {
		cfg.Owner = replica.ID()
	}
	if cfg.Observer == nil {
		cfg.Observer = nobody{}
	}
	return &Intake{db: db, log: log.With(slog.String("component", "intake")), h: h, cfg: cfg,
		wake: make(chan struct{}, 1), active: map[int64]bool{}, again: map[int64]bool{}}
}

// kick wakes the dispatcher; kicks while one is pending merge into it.
func (in *Intake) kick() {
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

// Run handles updates until ctx ends, then lets the updates in flight
// finish (for up to Config.Grace), releases its chats and returns nil. It
// returns an error only when it cannot start.
func (in *Intake) Run(ctx context.Context) error {
	if in.h == nil {
		return errors.New("intake: no handler")
	}
	var schema string
	if err := in.db.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("intake: read schema: %w", err)
	}
	// Handlers run on a context that outlives ctx by the grace period, so a
	// shutdown lets them finish instead of cutting them off mid-way.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	chats := make(chan int64, in.cfg.Workers)
	var workers, helpers sync.WaitGroup
	for range in.cfg.Workers {
		workers.Go(func() {
			for chat := range chats {
				in.serveChat(ctx, work, chat)
			}
		})
	}
	// Claims are renewed until the last worker is done, grace included.
	renewing, stopRenewing := context.WithCancel(work)
	defer stopRenewing()
	helpers.Go(func() { in.listen(ctx, schema) })
	helpers.Go(func() { in.renew(renewing) })
	in.log.Info("intake running", slog.String("owner", in.cfg.Owner), slog.Int("workers", in.cfg.Workers))

	in.dispatch(ctx, chats)
	close(chats)
	drained := make(chan struct{})
	go func() { workers.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(in.cfg.Grace):
		in.log.Warn("updates still running after the grace period are cut short; they run again at the next start",
			slog.Duration("grace", in.cfg.Grace))
		cancelWork()
		<-drained
	}
	stopRenewing()
	helpers.Wait()
	return nil
}

// dispatch claims chats with pending updates for free workers until ctx ends.
func (in *Intake) dispatch(ctx context.Context, chats chan<- int64) {
	tick := time.NewTicker(sweep)
	defer tick.Stop()
	in.kick()
	for {
		select {
		case <-ctx.Done():
			return
		case <-in.wake:
		case <-tick.C:
		}
		in.mu.Lock()
		free := in.cfg.Workers - len(in.active)
		in.mu.Unlock()
		if free <= 0 {
			continue // a worker that finishes kicks
		}
		claimed, err := in.claim(ctx, free)
		if err != nil {
			if ctx.Err() == nil {
				in.log.Warn("claim chats", slog.Any("error", err))
			}
			continue
		}
		in.progressed()
		for _, chat := range claimed {
			in.mu.Lock()
			busy := in.active[chat]
			if busy {
				in.again[chat] = true
			}
			in.active[chat] = true
			in.mu.Unlock()
			if !busy {
				chats <- chat
			}
		}
	}
}

// serveChat runs chat's pending updates in order while this replica holds
// the chat, then releases it; it stays on if the dispatcher claimed the
// chat again meanwhile. stop ends it after the update in flight.
func (in *Intake) serveChat(stop, work context.Context, chat int64) {
	for {
		in.serveClaim(stop, work, chat)
		in.mu.Lock()
		again := in.again[chat]
		delete(in.again, chat)
		if !again || stop.Err() != nil {
			delete(in.active, chat)
		}
		in.mu.Unlock()
		if !again {
			in.kick() // a free worker, and maybe an update that came as we left
			return
		}
		if stop.Err() != nil {
			in.release(work, chat)
			return
		}
	}
}

// serveClaim runs chat's pending updates while this replica holds its claim.
func (in *Intake) serveClaim(stop, work context.Context, chat int64) {
	var done int64
	for {
		next, err := in.step(work, chat, done)
		if err != nil {
			if work.Err() != nil {
				return
			}
			in.log.Warn("read pending updates", slog.Int64("chat_id", chat), slog.Any("error", err))
			if !in.pause(stop, in.cfg.Backoff*5) {
				in.release(work, chat)
				return
			}
			continue // done stays set: marking it is retried with the read
		}
		done = 0
		switch {
		case next.lost:
			in.log.Warn("lost the claim on a chat; another replica goes on with it", slog.Int64("chat_id", chat))
			return
		case next.released:
			return
		case stop.Err() != nil:
			in.release(work, chat)
			return
		case next.wait > 0:
			// The next update is fresh: give an earlier one still in
			// flight on another connection the chance to be recorded.
			if !in.pause(stop, next.wait) {
				in.release(work, chat)
				return
			}
			continue
		}
		ok := in.apply(stop, work, chat, next.update)
		if !ok {
			in.release(work, chat)
			return
		}
		done = next.update.id
	}
}

// pause waits d, or less if stop ends first (then it returns false).
func (in *Intake) pause(stop context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-stop.Done():
		return false
	}
}
