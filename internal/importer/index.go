package importer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// indexJob is what one committed batch leaves to the indexer: the clients
// whose search keys to rebuild, and the batch's last row.
type indexJob struct {
	ids     []int64
	through int
}

// indexer rebuilds the search keys of a run's batches on a connection of
// its own, while the run applies the next batch. The keys (about 38 rows
// of client_terms a client, each in three B-tree indexes) are most of a
// commit's work, and PostgreSQL does one connection's work on one core:
// overlapping the two uses the second. Each job is one transaction that
// also moves the import's indexed row (import_indexed), so a crash between
// a batch and its keys leaves a gap that catchUp closes on resume.
type indexer struct {
	s      *Store
	id     int64
	ix     [2]*client.Indexer // one for each half of a job
	jobs   chan indexJob
	done   chan struct{}
	err    error // set before done is closed
	closer sync.Once
}

// startIndexer starts the indexer of import id; stop it with wait or stop.
func (s *Store) startIndexer(ctx context.Context, id int64) *indexer {
	x := &indexer{s: s, id: id, ix: [2]*client.Indexer{client.NewIndexer(), client.NewIndexer()},
		// One job queued while one is written: the run is at most two
		// batches ahead of its keys.
		jobs: make(chan indexJob, 1), done: make(chan struct{})}
	go x.loop(ctx)
	return x
}

func (x *indexer) loop(ctx context.Context) {
	defer close(x.done)
	for j := range x.jobs {
		started := time.Now()
		if err := x.index(ctx, j); err != nil {
			x.err = fmt.Errorf("index import rows to %d: %w", j.through, err)
			return
		}
		x.s.log.Debug("import keys written", slog.Int64("import_id", x.id), slog.Int("clients", len(j.ids)),
			slog.Int("through", j.through), slog.Int64("ms", time.Since(started).Milliseconds()))
	}
}

// index writes one job's keys in two halves at once, each in a
// transaction of its own, then records the job's last row once both have
// committed. A failed half leaves the row unrecorded, and catchUp rewrites
// both halves on resume. (A half must not wait for the other inside its
// transaction: both may write one new word of the typo dictionary, and
// the one that wrote it second waits for the other's commit.)
func (x *indexer) index(ctx context.Context, j indexJob) error {
	half := len(j.ids) / 2
	first := make(chan error, 1)
	go func() { first <- x.reindex(ctx, 0, j.ids[:half]) }()
	err := x.reindex(ctx, 1, j.ids[half:])
	if err := errors.Join(err, <-first); err != nil {
		return err
	}
	return postgres.InTx(ctx, x.s.db, func(tx pgx.Tx) error { return setIndexed(ctx, tx, x.id, j.through) })
}

// reindex rebuilds the keys of ids in a transaction of their own with the
// indexer's Indexer i.
func (x *indexer) reindex(ctx context.Context, i int, ids []int64) error {
	err := postgres.InTx(ctx, x.s.db, func(tx pgx.Tx) error { return x.ix[i].ReindexTx(ctx, tx, ids) })
	if err == nil {
		x.ix[i].Committed()
	}
	return err
}

// send queues a job, waiting while the indexer is two jobs behind; the
// indexer's error if it has stopped.
func (x *indexer) send(ctx context.Context, j indexJob) error {
	select {
	case x.jobs <- j:
		return nil
	default:
	}
	started := time.Now()
	defer func() {
		x.s.log.Debug("import waited for its keys", slog.Int64("import_id", x.id),
			slog.Int64("ms", time.Since(started).Milliseconds()))
	}()
	select {
	case x.jobs <- j:
		return nil
	case <-x.done:
		return x.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait lets the indexer finish the jobs queued and returns its error.
func (x *indexer) wait() error {
	x.stop()
	return x.err
}

// stop closes the queue and waits for the indexer: it ends its jobs, or
// gives up at once when the run's context is cancelled.
func (x *indexer) stop() {
	x.closer.Do(func() { close(x.jobs) })
	<-x.done
}

// setIndexed records that the keys of import id's rows up to seq are
// written.
func setIndexed(ctx context.Context, tx pgx.Tx, id int64, seq int) error {
	_, err := tx.Exec(ctx, `INSERT INTO import_indexed (import_id, seq) VALUES ($1, $2)
		ON CONFLICT (import_id) DO UPDATE SET seq = greatest(import_indexed.seq, excluded.seq)`, id, seq)
	if err != nil {
		return fmt.Errorf("mark import indexed: %w", err)
	}
	return nil
}

// catchUpChunk is how many clients catchUp reindexes a statement.
const catchUpChunk = 500

// catchUp rebuilds, inside tx, the search keys of the clients of import
// id's rows applied after its indexed row: what a crash left between a
// batch's commit and its keys'. Nothing, when the indexer kept up. It
// rebuilds the keys of every row that created or changed a client, or
// added contacts, a superset of what the lost jobs held.
func catchUp(ctx context.Context, tx pgx.Tx, id int64) error {
	var from, through int
	err := tx.QueryRow(ctx, `SELECT coalesce((SELECT seq FROM import_indexed WHERE import_id = $1), 0),
			coalesce((SELECT max(seq) FROM import_rows WHERE import_id = $1 AND applied_at IS NOT NULL), 0)`,
		id).Scan(&from, &through)
	if err != nil {
		return fmt.Errorf("catch up import keys: %w", err)
	}
	if through <= from {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT client_id FROM import_rows
		WHERE import_id = $1 AND seq > $2 AND applied_at IS NOT NULL AND client_id IS NOT NULL
			AND (result ->> 'did' IN ('created', 'updated') OR result ? 'contacts')
		ORDER BY client_id`, id, from)
	if err != nil {
		return fmt.Errorf("catch up import keys: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("catch up import keys: %w", err)
	}
	ix := client.NewIndexer()
	for len(ids) > 0 {
		n := min(len(ids), catchUpChunk)
		if err := ix.ReindexTx(ctx, tx, ids[:n]); err != nil {
			return fmt.Errorf("catch up import keys: %w", err)
		}
		ix.Committed() // the words of this chunk are in tx, which the next chunks share
		ids = ids[n:]
	}
	return setIndexed(ctx, tx, id, through)
}
