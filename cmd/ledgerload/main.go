// Command ledgerload loads a synthetic ledger into its own PostgreSQL schema
// and measures the code under load. Subcommands:
//
//	ledgerload search [-clients N] [-teams T] [-n N] [-keep] [-reuse]
//	ledgerload churn [-clients N] [-visits V] [-keep] [-reuse] [-runs R]
//	ledgerload desk [-clients N] [-format xlsx|csv] [-out DIR] [-keep]
//
// search bulk-loads N clients (realistic Chinese company names, one in ten
// Latin) across T teams with COPY, builds the search index, then runs n
// searches of each kind as a salesperson of one team and as an admin and
// prints p50/p95/p99 latencies. The database is DATABASE_URL (default: the
// local test database); the schema is dropped at the end unless -keep.
//
// churn loads N clients with V visits, deals and complaints, then times the
// churn scan (the scheduled job) and samples its peak memory; see churn.go.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/migrations"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ledgerload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "churn" {
		return runChurn(ctx, args[1:], out)
	}
	if len(args) > 0 && args[0] == "desk" {
		return runDesk(ctx, args[1:], out)
	}
	if len(args) > 0 && args[0] == "report" {
		return runReport(ctx, args[1:], out)
	}
	if len(args) > 0 && args[0] == "value" {
		return runValue(ctx, args[1:], out)
	}
	if len(args) == 0 || args[0] != "search" {
		return errors.New("usage: ledgerload search [-clients N] [-teams T] [-n N] [-keep] [-reuse] [-schema S]\n       ledgerload churn [-clients N] [-visits V] [-keep] [-reuse] [-runs R] [-schema S]\n       ledgerload desk [-clients N] [-format xlsx|csv] [-out DIR] [-keep] [-schema S]\n       ledgerload report [-teams T] [-clients N] [-visits V] [-runs R] [-keep] [-reuse]\n       ledgerload value [-clients N] [-teams T] [-runs R] [-keep] [-reuse]")
	}
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	clients := fs.Int("clients", 100_000, "clients to load")
	teams := fs.Int("teams", 50, "teams to spread them over")
	n := fs.Int("n", 500, "searches per kind and actor")
	keep := fs.Bool("keep", false, "keep the schema at the end")
	reuse := fs.Bool("reuse", false, "search a schema kept by an earlier -keep run instead of loading")
	schema := fs.String("schema", "ledgerload_search", "schema to load into")
	seed := fs.Uint64("seed", 1, "random seed")
	misses := fs.Int("misses", 0, "print up to this many queries per kind that missed their client")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = config.DefaultDatabaseURL
	}
	admin, err := postgres.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, *schema).Scan(&exists); err != nil {
		return err
	}
	switch {
	case *reuse && !exists:
		return fmt.Errorf("schema %s does not exist: load it with -keep first", *schema)
	case !*reuse && exists:
		return fmt.Errorf("schema %s exists (left by -keep?): drop it, pass -reuse or choose another -schema", *schema)
	case !*reuse:
		if _, err := admin.Exec(ctx, `CREATE SCHEMA `+*schema); err != nil {
			return err
		}
	}
	if !*keep {
		defer func() {
			if _, err := admin.Exec(context.WithoutCancel(ctx), `DROP SCHEMA `+*schema+` CASCADE`); err != nil {
				fmt.Fprintln(os.Stderr, "ledgerload: drop schema:", err)
			}
		}()
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = *schema + ",public"
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()

	var ds *dataset
	if *reuse {
		// The same flags and seed generate the same companies: the queries
		// are made from them.
		if ds, err = readStaff(ctx, pool); err == nil {
			ds.generate(*clients, *seed, time.Now())
		}
	} else {
		if _, err := postgres.Migrate(ctx, pool, migrations.FS, nil); err != nil {
			return err
		}
		ds, err = load(ctx, pool, out, *clients, *teams, *seed)
	}
	if err != nil {
		return err
	}
	return benchAll(ctx, pool, out, ds, *n, *misses, *seed)
}

// benchAll searches as a salesperson of the first team and as an admin.
func benchAll(ctx context.Context, pool *pgxpool.Pool, out io.Writer, ds *dataset, n, misses int, seed uint64) error {
	var size string
	if err := pool.QueryRow(ctx, `SELECT pg_size_pretty(pg_total_relation_size('client_terms'))
		|| ' (' || (SELECT count(*) FROM client_terms) || ' rows)'`).Scan(&size); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%d clients; client_terms with its indexes: %s\n", len(ds.companies), size)
	store := client.NewStore(pool, time.Now, time.UTC)
	r := rand.New(rand.NewPCG(seed, 42))
	team := ds.companies[0].team
	sales := access.Actor{StaffID: ds.sales[team], Role: access.Sales, TeamID: team}
	// Warm the caches and the prepared statements before measuring.
	for _, a := range []access.Actor{sales, {StaffID: ds.admin, Role: access.Admin}} {
		if err := bench(ctx, io.Discard, store, a, "", ds.companies, 50, 0, r); err != nil {
			return err
		}
	}
	if err := bench(ctx, out, store, sales, "Sales actor of one team", ds.companies, n, misses, r); err != nil {
		return err
	}
	admin := access.Actor{StaffID: ds.admin, Role: access.Admin}
	if err := bench(ctx, out, store, admin, "Admin (all teams)", ds.companies, n, misses, r); err != nil {
		return err
	}
	if err := benchDuplicates(ctx, out, store, sales, ds.companies, max(n/5, 1), r); err != nil {
		return err
	}
	return benchDuplicateTypos(ctx, out, store, sales, ds.companies, max(n/5, 1), r)
}
