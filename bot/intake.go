package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"log/slog"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Intake makes updates durable and ordered. go-telegram/bot's own polling
// and webhook handler acknowledge an update to Telegram before any handler
// runs, so a crash there loses it; Intake instead writes each update to
// PostgreSQL first (only then is it acknowledged: the next getUpdates offset
// moves past it, or the webhook answers 200), deduplicates by update_id, and
// hands it to one worker per chat shard so a chat's updates run in order.
// Updates still unprocessed at start (a crash mid-update) are run again;
// handlers make that safe by keying what they create on the update id.
type Intake struct {
	db      *pgxpool.Pool
	log     *slog.Logger
	handle  func(ctx context.Context, u *models.Update) error
	queues  []chan *models.Update
	seed    maphash.Seed
	retries int
	backoff time.Duration
	giveUp  func(ctx context.Context, u *models.Update)
	wg      sync.WaitGroup
	marks   chan int64
	marker  sync.WaitGroup
}

// NewIntake runs handle for each update on workers goroutines.
func NewIntake(db *pgxpool.Pool, log *slog.Logger, workers int, handle func(context.Context, *models.Update) error) *Intake {
	if workers < 1 {
		workers = 1
	}
	in := &Intake{db: db, log: log, handle: handle, seed: maphash.MakeSeed(), retries: 5, backoff: 200 * time.Millisecond,
		marks: make(chan int64, 4096)}
	for range workers {
		in.queues = append(in.queues, make(chan *models.Update, 256))
	}
	return in
}

// Start launches the workers and queues the updates a previous run recorded
// but did not finish. It returns once those are queued.
func (in *Intake) Start(ctx context.Context) error {
	for _, q := range in.queues {
		in.wg.Add(1)
		go in.work(ctx, q)
	}
	in.marker.Add(1)
	go in.markDone()
	rows, err := in.db.Query(ctx, `SELECT payload FROM updates WHERE processed_at IS NULL ORDER BY update_id`)
	if err != nil {
		return fmt.Errorf("intake: load pending: %w", err)
	}
	raws, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return fmt.Errorf("intake: load pending: %w", err)
	}
	if len(raws) > 0 {
		in.log.Info("resuming unfinished updates", slog.Int("count", len(raws)))
	}
	for _, raw := range raws {
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			in.log.Error("stored update unreadable", slog.Any("error", err))
			continue
		}
		in.enqueue(ctx, &u)
	}
	return nil
}

// OnGiveUp sets what to do with an update abandoned after its retries (tell
// the user), so nobody is left waiting for an answer that never comes.
func (in *Intake) OnGiveUp(f func(ctx context.Context, u *models.Update)) { in.giveUp = f }

// Wait blocks until the workers have stopped (after ctx is cancelled) and
// the updates they finished are marked done.
func (in *Intake) Wait() {
	in.wg.Wait()
	close(in.marks)
	in.marker.Wait()
}

// Record stores raw updates durably, then queues the ones not seen before.
// It returns only after the rows are committed, so the caller may then
// acknowledge them to Telegram.
func (in *Intake) Record(ctx context.Context, raws []json.RawMessage) error {
	_, err := in.record(ctx, raws)
	return err
}

// record is Record that also returns the highest update id among raws (0 if
// none could be read), from which polling continues.
func (in *Intake) record(ctx context.Context, raws []json.RawMessage) (int64, error) {
	if len(raws) == 0 {
		return 0, nil
	}
	var maxID int64
	ups := make([]*models.Update, 0, len(raws))
	ids := make([]int64, 0, len(raws))
	chats := make([]int64, 0, len(raws))
	bodies := make([]string, 0, len(raws))
	for _, raw := range raws {
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil || u.ID == 0 {
			// Skip it, but move past it, or polling would fetch it forever.
			var head struct {
				ID int64 `json:"update_id"`
			}
			_ = json.Unmarshal(raw, &head)
			maxID = max(maxID, head.ID)
			in.log.Warn("ignoring unreadable update", slog.Int64("update_id", head.ID), slog.Any("error", err))
			continue
		}
		ups = append(ups, &u)
		maxID = max(maxID, u.ID)
		ids = append(ids, u.ID)
		chats = append(chats, chatOf(&u))
		bodies = append(bodies, string(raw))
	}
	if len(ups) == 0 {
		return 0, nil
	}
	rows, err := in.db.Query(ctx, `INSERT INTO updates (update_id, chat_id, payload)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::json[])
		ON CONFLICT (update_id) DO NOTHING RETURNING update_id`, ids, chats, bodies)
	if err != nil {
		return 0, fmt.Errorf("intake: record: %w", err)
	}
	fresh, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("intake: record: %w", err)
	}
	isNew := make(map[int64]bool, len(fresh))
	for _, id := range fresh {
		isNew[id] = true
	}
	for _, u := range ups {
		if isNew[u.ID] {
			in.enqueue(ctx, u)
		}
	}
	return maxID, nil
}

// LastUpdateID is the newest update recorded, from which polling resumes.
func (in *Intake) LastUpdateID(ctx context.Context) (int64, error) {
	var id int64
	if err := in.db.QueryRow(ctx, `SELECT coalesce(max(update_id), 0) FROM updates`).Scan(&id); err != nil {
		return 0, fmt.Errorf("intake: last update: %w", err)
	}
	return id, nil
}

func (in *Intake) enqueue(ctx context.Context, u *models.Update) {
	var h maphash.Hash
	h.SetSeed(in.seed)
	chat := chatOf(u)
	var b [8]byte
	for i := range b {
		b[i] = byte(chat >> (8 * i))
	}
	_, _ = h.Write(b[:])
	q := in.queues[h.Sum64()%uint64(len(in.queues))]
	select {
	case q <- u:
	case <-ctx.Done():
	}
}

func (in *Intake) work(ctx context.Context, q chan *models.Update) {
	defer in.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case u := <-q:
			in.process(ctx, u)
		}
	}
}

// process runs one update, retrying transient failures (a database or Redis
// hiccup) with backoff; after the last try it gives up so one poisoned update
// cannot block its chat forever.
func (in *Intake) process(ctx context.Context, u *models.Update) {
	var err error
	for attempt := 1; attempt <= in.retries; attempt++ {
		err = in.handle(ctx, u)
		if err == nil || ctx.Err() != nil {
			break
		}
		in.log.Warn("update failed", slog.Int64("update_id", u.ID), slog.Int("attempt", attempt), slog.Any("error", err))
		_, _ = in.db.Exec(ctx, `UPDATE updates SET attempts = attempts + 1, last_error = $2 WHERE update_id = $1`, u.ID, err.Error())
		if attempt == in.retries {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(in.backoff * time.Duration(attempt)):
		}
	}
	if ctx.Err() != nil {
		return // left unprocessed: the next start runs it again
	}
	if err != nil {
		in.log.Error("update abandoned", slog.Int64("update_id", u.ID), slog.Any("error", err))
		if in.giveUp != nil {
			in.giveUp(ctx, u)
		}
	}
	in.log.Debug("update handled", slog.Int64("update_id", u.ID))
	in.marks <- u.ID
}

// markDone records finished updates in batches. The marks are committed
// without waiting for the disk (synchronous_commit off): a mark lost in a
// crash only makes its update run again, which handlers make harmless, and
// it saves a disk flush on every update.
func (in *Intake) markDone() {
	defer in.marker.Done()
	ids := make([]int64, 0, 256)
	for id := range in.marks {
		ids = append(ids[:0], id)
	drain:
		for len(ids) < cap(ids) {
			select {
			case id, ok := <-in.marks:
				if !ok {
					break drain
				}
				ids = append(ids, id)
			default:
				break drain
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		// set_config(..., true) lasts for this statement's own transaction,
		// whose commit reads it: one round trip, no disk wait.
		_, err := in.db.Exec(ctx, `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
			UPDATE updates SET processed_at = now() FROM async WHERE update_id = ANY($1)`, ids)
		cancel()
		if err != nil {
			in.log.Error("mark updates processed", slog.Int("count", len(ids)), slog.Any("error", err))
		}
	}
}
