package main

// ledgerload value [-clients N] [-deals D] [-teams T] [-runs R] [-keep] [-reuse] [-schema S] [-seed S] [-v]
//
// value bulk-loads N clients (the search generator's companies and tiers:
// 5% strategic, 20% key) over T teams and D deals over the last two years
// into its own schema, archives one client in fifty, then times the nightly client value computation (value.Store.Run,
// the "value" job) R times, as of now and the following nights: the first
// run writes every value and opens every suggestion, the next ones are the
// steady state (the 12 months move by a day; the rows whose figures changed
// are written). For each run
// it prints the wall time, the process's peak resident memory (VmHWM, reset
// before the run) and the Go heap's peak, which show that the computation's
// memory does not grow with the number of clients. Last it times the
// review list as a manager of the first team reads it: its first page and
// a page deep in it.
//
// The deals are skewed as a ledger's are: a few clients make most deals
// (a client is drawn as ⌊n·u³⌋ of a shuffled batch, so about one in five
// has none in two years) and amounts are log-normal (median about ¥5,000,
// a long tail to millions).

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
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/value"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// valueTables are bulk-loaded with their secondary indexes and foreign keys
// dropped (load.go's dropSecondary), then rebuilt.
var valueTables = []string{"clients", "deals"}

func runValue(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("value", flag.ContinueOnError)
	clients := fs.Int("clients", 1_000_000, "clients to load")
	deals := fs.Int("deals", -1, "deals to load over two years (default 3 per client)")
	teams := fs.Int("teams", 5, "teams to spread them over")
	runs := fs.Int("runs", 2, "computations to time, one after the other, as of now")
	keep := fs.Bool("keep", false, "keep the schema at the end")
	reuse := fs.Bool("reuse", false, "compute on a schema kept by an earlier -keep run instead of loading")
	schema := fs.String("schema", "ledgerload_value", "schema to load into")
	seed := fs.Uint64("seed", 1, "random seed")
	verbose := fs.Bool("v", false, "log each team's statement times to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *deals < 0 {
		*deals = 3 * *clients
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
		if err := loadValue(ctx, pool, out, *clients, *deals, *teams, *seed); err != nil {
			return err
		}
	}
	loc := shanghai()
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	store := value.New(pool, loc, client.NewStore(pool, time.Now, loc), log)
	now := time.Now()
	for i := range *runs {
		if err := timeValue(ctx, pool, out, store, i+1, now.AddDate(0, 0, i)); err != nil {
			return err
		}
	}
	if *runs == 0 {
		return nil
	}
	return timeReview(ctx, pool, out, store)
}

// timeReview reads the first team's review list as its manager, the first
// page and one halfway through, ten times each, and prints the mean.
func timeReview(ctx context.Context, pool *pgxpool.Pool, out io.Writer, s *value.Store) error {
	manager := access.Actor{Role: access.Manager}
	if err := pool.QueryRow(ctx, `SELECT id, team_id FROM staff WHERE role = 'manager' ORDER BY team_id LIMIT 1`).
		Scan(&manager.StaffID, &manager.TeamID); err != nil {
		return err
	}
	first, err := s.List(ctx, manager, manager.TeamID, 0)
	if err != nil {
		return err
	}
	for _, page := range []int{0, first.Total / value.PageSize / 2} {
		const n = 10
		start := time.Now()
		for range n {
			if _, err := s.List(ctx, manager, manager.TeamID, page); err != nil {
				return err
			}
		}
		fmt.Fprintf(out, "review list of team %d (%d suggestions), page %d: %.1f ms\n", manager.TeamID, first.Total, page,
			float64(time.Since(start).Microseconds())/1000/n)
	}
	return nil
}

// loadValue fills the migrated, empty schema.
func loadValue(ctx context.Context, pool *pgxpool.Pool, out io.Writer, clients, deals, teams int, seed uint64) error {
	step := stepper(out)
	ds, err := createStaff(ctx, pool, teams)
	if err != nil {
		return err
	}
	bulkTables = valueTables // dropSecondary works on bulkTables; no other load runs in this process
	rebuild, err := dropSecondary(ctx, pool)
	if err != nil {
		return err
	}
	// The trigger that moves a record added to a merged client onto its
	// survivor reads clients once per row; the loader merges nothing.
	if _, err := pool.Exec(ctx, `ALTER TABLE deals DISABLE TRIGGER deals_follow_merged`); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	now := time.Now()
	nDeals := 0
	for lo := 0; lo < clients; lo += genBatch {
		size := min(genBatch, clients-lo)
		share := int(int64(deals)*int64(lo+size)/int64(clients)) - int(int64(deals)*int64(lo)/int64(clients))
		b := genValueBatch(r, ds, lo, size, share, now)
		if err := parallel(ctx, 2,
			func(ctx context.Context) error {
				return copyClients(ctx, pool, b.companies, make([]client.Keys, size), now)
			},
			func(ctx context.Context) error { return copyRows(ctx, pool, "deals", valueDealCols, b.deals) },
		); err != nil {
			return err
		}
		nDeals += len(b.deals)
	}
	step("copied %d clients, %d deals", clients, nDeals)
	if _, err := pool.Exec(ctx, `ALTER TABLE deals ENABLE TRIGGER deals_follow_merged`); err != nil {
		return err
	}
	if err := parallel(ctx, 2, rebuild...); err != nil {
		return err
	}
	step("rebuilt indexes and foreign keys")
	if _, err := pool.Exec(ctx, `SELECT setval(pg_get_serial_sequence('clients', 'id'), (SELECT max(id) FROM clients))`); err != nil {
		return err
	}
	tag, err := pool.Exec(ctx, `UPDATE clients SET archived_at = $1 WHERE id % 50 = 0`, now)
	if err != nil {
		return err
	}
	step("archived %d clients", tag.RowsAffected())
	if err := vacuumAnalyse(ctx, pool, valueTables...); err != nil {
		return err
	}
	step("vacuumed and analysed")
	return nil
}

var valueDealCols = []string{"client_id", "deal_on", "amount", "created_by", "created_at"}

// valueBatch is one batch of companies with their deals.
type valueBatch struct {
	companies []company
	deals     [][]any
}

// genValueBatch generates companies lo+1..lo+size and deals of them over
// the two years before now.
func genValueBatch(r *rand.Rand, ds *dataset, lo, size, deals int, now time.Time) valueBatch {
	b := valueBatch{companies: make([]company, size)}
	for i := range b.companies {
		team := ds.teams[r.IntN(len(ds.teams))]
		b.companies[i] = newCompany(r, int64(lo+i+1), team, ds.owners[team], now)
	}
	perm := r.Perm(size)
	today := now.Truncate(24 * time.Hour)
	for range deals {
		u := r.Float64()
		c := &b.companies[perm[int(float64(size)*u*u*u)]]
		on := today.AddDate(0, 0, -1-r.IntN(730))
		amount := math.Round(math.Min(math.Exp(8.5+1.3*r.NormFloat64()), 5e6)*100) / 100
		b.deals = append(b.deals, []any{c.id, on, amount, c.owner, on})
	}
	return b
}

// timeValue runs one computation as of at and prints its wall time, what
// it wrote and its memory.
func timeValue(ctx context.Context, pool *pgxpool.Pool, out io.Writer, s *value.Store, run int, at time.Time) error {
	debug.FreeOSMemory() // the loader's garbage: return it so the figures are the run's
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	resetPeakRSS()
	peak := sampleMemory(10 * time.Millisecond)
	start := time.Now()
	_, err := s.Run(ctx, at)
	elapsed := time.Since(start)
	heap, _ := peak()
	if err != nil {
		return err
	}
	var valued, changed, a, bb, c, open int
	if err := pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE changed_on = (SELECT max(computed_on) FROM value_runs)),
		count(*) FILTER (WHERE abc = 'A'), count(*) FILTER (WHERE abc = 'B'), count(*) FILTER (WHERE abc = 'C'),
		(SELECT count(*) FROM tier_suggestions WHERE closed_on IS NULL AND decision IS NULL)
		FROM client_values`).Scan(&valued, &changed, &a, &bb, &c, &open); err != nil {
		return err
	}
	fmt.Fprintf(out, "run %d (%s): %d clients valued, %d written (A %d, B %d, C %d), %d suggestions open: %.2f s; "+
		"peak RSS %s; Go heap in use %.1f MiB before, peak %.1f MiB\n",
		run, at.Format(time.DateOnly), valued, changed, a, bb, c, open, elapsed.Seconds(), peakRSS(), mib(base.HeapInuse), mib(heap))
	return nil
}
