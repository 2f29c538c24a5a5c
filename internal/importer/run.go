package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// errLeaseLost stops a runner whose lease another replica took over.
var errLeaseLost = errors.New("import lease lost")

// Confirm starts the commit of a checked import with the duplicate policy:
// the import moves to committing and a runner (RunPending) applies it.
// ErrState unless checked; ErrNothingToImport when no row would change
// anything.
func (s *Store) Confirm(ctx context.Context, actor access.Actor, id int64, dup DupPolicy) (Import, error) {
	if !dup.Valid() {
		return Import{}, fmt.Errorf("confirm import: %w", ErrInvalid)
	}
	err := s.change(ctx, actor, id, func(tx pgx.Tx, imp *Import) error {
		if imp.Status != Checked {
			return ErrState
		}
		var total int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM import_rows WHERE import_id = $1 AND action IN `+applied,
			id).Scan(&total); err != nil {
			return fmt.Errorf("count rows: %w", err)
		}
		if total == 0 {
			return ErrNothingToImport
		}
		_, err := tx.Exec(ctx, `UPDATE imports SET status = 'committing', dup_policy = $2, total = $3, done = 0,
			committed_at = $4, updated_at = $4 WHERE id = $1`, id, string(dup), total, s.now())
		return err
	})
	if err != nil {
		return Import{}, fmt.Errorf("confirm import: %w", err)
	}
	return s.Get(ctx, actor, id)
}

// RunPending claims committing imports one after the other, each whose
// lease is free or expired, and runs it to the end: batches of rows, each
// in one transaction that also renews the lease, marks its rows applied
// and counts them, so a crash loses at most the batch under way and a
// resume (here or on another replica, once the lease expired) skips what
// was applied. p hears of each batch and of the end. It returns when no
// import is left to claim, or with ctx's error.
func (s *Store) RunPending(ctx context.Context, owner string, lease time.Duration, p Progress) error {
	for {
		var id int64
		err := s.db.QueryRow(ctx, `UPDATE imports SET lease_owner = $1, lease_until = now() + $2::interval
			WHERE id = (SELECT id FROM imports WHERE status = 'committing'
				AND (lease_until IS NULL OR lease_until < now())
				ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
			RETURNING id`, owner, lease).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("claim import: %w", err)
		}
		s.log.Info("import claimed", slog.Int64("import_id", id), slog.String("owner", owner))
		if err := s.run(ctx, id, owner, lease, p); err != nil {
			if errors.Is(err, errLeaseLost) {
				s.log.Warn("import lease lost", slog.Int64("import_id", id), slog.String("owner", owner))
				continue
			}
			return fmt.Errorf("run import %d: %w", id, err)
		}
	}
}

// run applies a claimed import's rows batch by batch, each batch's search
// keys written by an indexer alongside; the import is done once the keys
// of its last batch are.
func (s *Store) run(ctx context.Context, id int64, owner string, lease time.Duration, p Progress) error {
	if err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error { return catchUp(ctx, tx, id) }); err != nil {
		return err
	}
	x := s.startIndexer(ctx, id)
	defer x.stop()
	last := 0 // the last row applied by this run
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var imp Import
		var job indexJob
		var applied bool
		tally := map[string]int{}
		err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
			clear(tally) // a retried transaction counts afresh
			var err error
			imp, err = s.renew(ctx, tx, id, owner, lease)
			if err != nil {
				return err
			}
			rows, err := pendingRows(ctx, tx, id, last, s.batch)
			if err != nil || len(rows) == 0 {
				return err
			}
			if job.ids, err = s.applyRows(ctx, tx, &imp, rows, tally); err != nil {
				return err
			}
			job.through, applied = rows[len(rows)-1].Seq, true
			imp.Done += len(rows)
			_, err = tx.Exec(ctx, `UPDATE imports SET done = done + $2, updated_at = $3 WHERE id = $1`,
				id, len(rows), s.now())
			return err
		})
		if err != nil {
			return err
		}
		for did, n := range tally {
			s.rows.ImportRows(did, n)
		}
		if !applied {
			break // every row applied
		}
		last = job.through
		if err := x.send(ctx, job); err != nil {
			return err
		}
		if p != nil {
			p.Progress(ctx, imp)
		}
	}
	if err := x.wait(); err != nil {
		return err
	}
	var imp Import
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if imp, err = s.renew(ctx, tx, id, owner, lease); err != nil {
			return err
		}
		if err := catchUp(ctx, tx, id); err != nil { // nothing, unless a job was lost
			return err
		}
		imp, err = s.finish(ctx, tx, imp)
		return err
	})
	if err != nil {
		return err
	}
	s.log.Info("import done", slog.Int64("import_id", id), slog.Int("rows", imp.Done))
	s.analyze(ctx, imp.Done)
	if p != nil {
		p.Finished(ctx, imp)
	}
	return nil
}

// renew extends the lease inside the batch's transaction, which also locks
// the import row until the batch commits; errLeaseLost when another
// runner holds it now or the import is no longer committing.
func (s *Store) renew(ctx context.Context, tx pgx.Tx, id int64, owner string, lease time.Duration) (Import, error) {
	tag, err := tx.Exec(ctx, `UPDATE imports SET lease_until = now() + $3::interval
		WHERE id = $1 AND lease_owner = $2 AND status = 'committing'`, id, owner, lease)
	if err != nil {
		return Import{}, fmt.Errorf("renew lease: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return Import{}, errLeaseLost
	}
	return load(ctx, tx, id, false)
}

// finish closes a fully applied import: done, with its summary.
func (s *Store) finish(ctx context.Context, tx pgx.Tx, imp Import) (Import, error) {
	sum, err := summarize(ctx, tx, imp.ID)
	if err != nil {
		return Import{}, err
	}
	body, err := json.Marshal(sum)
	if err != nil {
		return Import{}, err
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `UPDATE imports SET status = 'done', summary = $2, finished_at = $3, updated_at = $3,
		lease_owner = NULL, lease_until = NULL WHERE id = $1`, imp.ID, body, now); err != nil {
		return Import{}, fmt.Errorf("finish import: %w", err)
	}
	imp.Status, imp.Summary, imp.FinishedAt = Done, sum, now
	return imp, nil
}

// summarize counts what the applied rows did.
func summarize(ctx context.Context, q querier, id int64) (Summary, error) {
	var sum Summary
	err := q.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE result ->> 'did' = 'created'),
			count(*) FILTER (WHERE result ->> 'did' = 'updated'),
			count(*) FILTER (WHERE result ->> 'did' = 'skipped'),
			coalesce(sum(jsonb_array_length(coalesce(result -> 'contacts', '[]'))), 0),
			count(*) FILTER (WHERE result ? 'deal'),
			count(*) FILTER (WHERE result ? 'visit'),
			count(*) FILTER (WHERE result ? 'payment'),
			count(*) FILTER (WHERE result ->> 'did' = 'failed')
		FROM import_rows WHERE import_id = $1 AND applied_at IS NOT NULL`, id).Scan(
		&sum.Created, &sum.Updated, &sum.Skipped, &sum.Contacts, &sum.Deals, &sum.Visits, &sum.Payments, &sum.Failed)
	if err != nil {
		return Summary{}, fmt.Errorf("summarize import: %w", err)
	}
	return sum, nil
}

// analyzeAfter is the number of applied rows from which an import refreshes
// the planner's statistics of the tables it filled.
const analyzeAfter = 5000

// analyze refreshes the statistics of the tables a large import filled.
// Autovacuum would, a minute or more later; until then the planner still
// believes a team's 100,000 new clients are a handful and picks plans
// (nested loops over all of them) that run the duplicate sweep or the churn
// scan for minutes. A failure only costs that, so it is logged, not returned.
func (s *Store) analyze(ctx context.Context, rows int) {
	if rows < analyzeAfter {
		return
	}
	if _, err := s.db.Exec(ctx, `ANALYZE clients, contacts, client_terms, deals, visits`); err != nil && ctx.Err() == nil {
		s.log.Warn("import: statistics not refreshed", slog.Any("error", err))
	}
}
