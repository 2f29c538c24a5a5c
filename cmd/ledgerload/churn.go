package main

// ledgerload churn [-clients N] [-visits N] [-deals N] [-complaints N] [-receivables] [-teams T] [-chunk N] [-runs R] [-keep] [-reuse] [-schema S]
//
// churn bulk-loads N clients with the search generator's companies, V visits
// (most clients seen regularly, the last visit usually recent), deals and
// complaints with COPY into its own schema, then times the churn scan
// (churn.Scanner.Run, the daily job) R times as of now: the first run is a
// first deployment (every client at risk opens an episode and alerts its
// managers), the next ones the steady state. While a scan runs, the Go
// runtime's memory is sampled every 10 ms; the peaks show that memory does
// not grow with the number of clients. With -receivables, every deal falls
// due 30 days after it was made and most are paid, in full or in part, so
// the scan also weighs overdue payments (the credit signal).

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/churn"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// churnTables are bulk-loaded with their secondary indexes and foreign keys
// dropped (load.go's dropSecondary), then rebuilt.
var churnTables = []string{"clients", "visits", "deals", "feedback"}

// genBatch is how many companies are generated and copied at a time, so the
// loader's own memory stays small and does not blur the scan's figures.
const genBatch = 100_000

func runChurn(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("churn", flag.ContinueOnError)
	clients := fs.Int("clients", 100_000, "clients to load")
	visits := fs.Int("visits", 500_000, "visits to load")
	deals := fs.Int("deals", -1, "deals to load (default clients)")
	complaints := fs.Int("complaints", -1, "complaints to load (default clients/20)")
	receivables := fs.Bool("receivables", false, "deals fall due after 30 days; half paid in full, a quarter a third")
	teams := fs.Int("teams", 50, "teams to spread them over")
	chunk := fs.Int("chunk", churn.DefaultChunk, "clients per scan query and transaction")
	runs := fs.Int("runs", 2, "scans to time, one after the other, as of now")
	keep := fs.Bool("keep", false, "keep the schema at the end")
	reuse := fs.Bool("reuse", false, "scan a schema kept by an earlier -keep run instead of loading")
	schema := fs.String("schema", "ledgerload_churn", "schema to load into")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *deals < 0 {
		*deals = *clients
	}
	if *complaints < 0 {
		*complaints = *clients / 20
	}
	pool, done, err := openSchema(ctx, *schema, *reuse, *keep)
	if err != nil {
		return err
	}
	defer done()
	if !*reuse {
		if _, err := postgres.Migrate(ctx, pool, migrations.FS, nil); err != nil {
			return err
		}
		if err := loadChurn(ctx, pool, out, churnSizes{*clients, *visits, *deals, *complaints, *teams}, *seed); err != nil {
			return err
		}
		if *receivables {
			if err := loadReceivables(ctx, pool, out); err != nil {
				return err
			}
		}
	}
	scanner := churn.NewScanner(pool, shanghai(), churn.DefaultThresholds(), slog.New(slog.DiscardHandler), churn.WithChunk(*chunk))
	for i := range *runs {
		if err := timeScan(ctx, pool, out, scanner, i+1); err != nil {
			return err
		}
	}
	return nil
}

// openSchema creates (or, with reuse, finds) the schema and returns a pool
// on it and a function that closes the pool and, unless keep, drops it.
func openSchema(ctx context.Context, schema string, reuse, keep bool) (*pgxpool.Pool, func(), error) {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = config.DefaultDatabaseURL
	}
	admin, err := postgres.Connect(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		admin.Close()
		return nil, nil, err
	}
	switch {
	case reuse && !exists:
		err = fmt.Errorf("schema %s does not exist: load it with -keep first", schema)
	case !reuse && exists:
		err = fmt.Errorf("schema %s exists (left by -keep?): drop it, pass -reuse or choose another -schema", schema)
	case !reuse:
		_, err = admin.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize())
	}
	if err != nil {
		admin.Close()
		return nil, nil, err
	}
	drop := func() {
		if !keep {
			if _, err := admin.Exec(context.WithoutCancel(ctx), `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
				fmt.Fprintln(os.Stderr, "ledgerload: drop schema:", err)
			}
		}
		admin.Close()
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		drop()
		return nil, nil, err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema + ",public"
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		drop()
		return nil, nil, err
	}
	return pool, func() { pool.Close(); drop() }, nil
}

type churnSizes struct{ clients, visits, deals, complaints, teams int }

// loadChurn fills the migrated, empty schema.
func loadChurn(ctx context.Context, pool *pgxpool.Pool, out io.Writer, n churnSizes, seed uint64) error {
	step := stepper(out)
	ds, err := createStaff(ctx, pool, n.teams)
	if err != nil {
		return err
	}
	bulkTables = churnTables // dropSecondary works on bulkTables; the search load is not run in this process
	rebuild, err := dropSecondary(ctx, pool)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	now := time.Now()
	var total [3]int
	for lo := 0; lo < n.clients; lo += genBatch {
		size := min(genBatch, n.clients-lo)
		share := func(k int) int {
			return int(int64(k)*int64(lo+size)/int64(n.clients)) - int(int64(k)*int64(lo)/int64(n.clients))
		}
		b := genChurnBatch(r, ds, lo, size, share(n.visits), share(n.deals), share(n.complaints), now)
		if err := parallel(ctx, 4,
			func(ctx context.Context) error {
				return copyClients(ctx, pool, b.companies, make([]client.Keys, size), now)
			},
			func(ctx context.Context) error { return copyRows(ctx, pool, "visits", visitCols, b.visits) },
			func(ctx context.Context) error { return copyRows(ctx, pool, "deals", dealCols, b.deals) },
			func(ctx context.Context) error { return copyRows(ctx, pool, "feedback", complaintCols, b.complaints) },
		); err != nil {
			return err
		}
		total[0], total[1], total[2] = total[0]+len(b.visits), total[1]+len(b.deals), total[2]+len(b.complaints)
	}
	step("copied %d clients, %d visits, %d deals, %d complaints", n.clients, total[0], total[1], total[2])
	if err := parallel(ctx, 2, rebuild...); err != nil {
		return err
	}
	step("rebuilt indexes and foreign keys")
	if _, err := pool.Exec(ctx, `SELECT setval(pg_get_serial_sequence('clients', 'id'), (SELECT max(id) FROM clients))`); err != nil {
		return err
	}
	if err := vacuumAnalyse(ctx, pool, churnTables...); err != nil {
		return err
	}
	step("vacuumed and analysed")
	return nil
}

// loadReceivables makes every loaded deal a receivable due 30 days after
// it, and pays it: deals with an even id in full on the due date (or today,
// if that is later than today), one in four of the others a third, the rest
// nothing. Most deals are older than 30 days, so most of the unpaid ones are
// overdue, as in a ledger whose finance team has fallen behind.
func loadReceivables(ctx context.Context, pool *pgxpool.Pool, out io.Writer) error {
	step := stepper(out)
	for _, q := range []string{
		`UPDATE deals SET due_on = deal_on + 30`,
		`INSERT INTO deal_payments (deal_id, amount, paid_on, created_at)
			SELECT id, amount, LEAST(due_on, current_date), now() FROM deals WHERE id % 2 = 0`,
		`INSERT INTO deal_payments (deal_id, amount, paid_on, created_at)
			SELECT id, round(amount / 3, 2), LEAST(due_on, current_date), now() FROM deals WHERE id % 4 = 1 AND amount >= 0.03`,
	} {
		if _, err := pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("receivables: %w", err)
		}
	}
	if err := vacuumAnalyse(ctx, pool, "deals", "deal_payments"); err != nil {
		return err
	}
	var due, paid int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM deals WHERE due_on < current_date), (SELECT count(*) FROM deal_payments)`).
		Scan(&due, &paid); err != nil {
		return err
	}
	step("receivables: %d deals past due, %d payments", due, paid)
	return nil
}

var (
	visitCols     = []string{"client_id", "author_id", "kind", "visited_at", "created_at"}
	dealCols      = []string{"client_id", "deal_on", "amount", "created_by", "created_at"}
	complaintCols = []string{"client_id", "author_id", "assignee_id", "kind", "severity", "body", "status", "due_on",
		"created_at", "updated_at", "resolved_at"}
)

// churnBatch is one batch of companies and the rows about them.
type churnBatch struct {
	companies                 []company
	visits, deals, complaints [][]any
}

// genChurnBatch generates companies lo+1..lo+size and spreads the batch's
// visits, deals and complaints over the nine in ten that were contacted.
// Activity is drawn back from now with a mean age of 120 days (never before
// the company was created), so most clients were seen lately and a few
// percent have gone quiet, as in a ledger that is used.
func genChurnBatch(r *rand.Rand, ds *dataset, lo, size, visits, deals, complaints int, now time.Time) churnBatch {
	b := churnBatch{companies: make([]company, size)}
	var contacted []int
	for i := range b.companies {
		team := ds.teams[r.IntN(len(ds.teams))]
		c := newCompany(r, int64(lo+i+1), team, ds.owners[team], now)
		c.lastContact = nil
		if r.IntN(10) == 0 {
			c.stage = "potential"
		} else {
			contacted = append(contacted, i)
		}
		b.companies[i] = c
	}
	if len(contacted) == 0 {
		return b
	}
	past := func(c *company) time.Time {
		t := now.Add(-time.Duration(r.ExpFloat64() * 120 * 24 * float64(time.Hour)))
		if t.Before(c.created) {
			t = c.created.Add(time.Duration(r.Int64N(int64(now.Sub(c.created)) + 1)))
		}
		return t
	}
	for range visits {
		c := &b.companies[contacted[r.IntN(len(contacted))]]
		at := past(c)
		if c.lastContact == nil || at.After(*c.lastContact) {
			c.lastContact = &at
		}
		b.visits = append(b.visits, []any{c.id, c.owner, "onsite", at, at})
	}
	for range deals {
		c := &b.companies[contacted[r.IntN(len(contacted))]]
		at := past(c)
		b.deals = append(b.deals, []any{c.id, at.Truncate(24 * time.Hour), math.Round(r.Float64()*1e6) / 100, c.owner, at})
	}
	for range complaints {
		c := &b.companies[contacted[r.IntN(len(contacted))]]
		at := past(c)
		status, resolved := "open", (*time.Time)(nil)
		if r.IntN(4) > 0 {
			status, resolved = "resolved", &now
		}
		b.complaints = append(b.complaints, []any{c.id, c.owner, c.owner, "complaint", "medium", "交货延迟", status,
			at.AddDate(0, 0, 3).Truncate(24 * time.Hour), at, at, resolved})
	}
	return b
}

func copyRows(ctx context.Context, pool *pgxpool.Pool, table string, cols []string, rows [][]any) error {
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

// timeScan runs one scan as of now and prints its wall time, what it did and
// the peaks of the Go heap and of the memory the runtime holds from the OS.
func timeScan(ctx context.Context, pool *pgxpool.Pool, out io.Writer, s *churn.Scanner, run int) error {
	var episodesBefore int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM churn_episodes`).Scan(&episodesBefore); err != nil {
		return err
	}
	debug.FreeOSMemory() // the loader's garbage: return it so the figures are the scan's
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := sampleMemory(10 * time.Millisecond)
	start := time.Now()
	n, err := s.Run(ctx, time.Now())
	elapsed := time.Since(start)
	heap, sys := peak()
	if err != nil {
		return err
	}
	var clients, visits, open, episodes int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM visits),
		(SELECT count(*) FROM churn_episodes WHERE ended_on IS NULL), (SELECT count(*) FROM churn_episodes)`).
		Scan(&clients, &visits, &open, &episodes); err != nil {
		return err
	}
	fmt.Fprintf(out, "scan %d: %d clients, %d visits: %.2f s; %d episodes opened (%d open), %d alerts enqueued; "+
		"Go heap in use: %.1f MiB before, peak %.1f MiB; held from the OS (Sys-HeapReleased): %.1f MiB before, peak %.1f MiB\n",
		run, clients, visits, elapsed.Seconds(), episodes-episodesBefore, open, n,
		mib(base.HeapInuse), mib(heap), mib(base.Sys-base.HeapReleased), mib(sys))
	return nil
}

// sampleMemory samples the runtime's HeapInuse and the memory it holds from
// the OS (Sys less what it released) every interval until the returned
// function is called, which returns their peaks.
func sampleMemory(every time.Duration) func() (heapInuse, sys uint64) {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var heap, sys uint64
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			heap, sys = max(heap, m.HeapInuse), max(sys, m.Sys-m.HeapReleased)
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	return func() (uint64, uint64) {
		close(stop)
		wg.Wait()
		return heap, sys
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
