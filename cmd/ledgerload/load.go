package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

// dataset is what was loaded: the companies (for making queries) and the
// people to search as.
type dataset struct {
	companies []company
	teams     []int64
	owners    map[int64][]int64 // team -> its members
	admin     int64
	sales     map[int64]int64 // team -> one salesperson of it
}

// bulkTables are loaded with their secondary indexes and foreign keys
// dropped, then rebuilt: building an index once is far cheaper than
// updating it a million times.
var bulkTables = []string{"clients", "contacts", "client_terms"}

// load fills the (migrated, empty) schema with n clients across teams teams.
func load(ctx context.Context, pool *pgxpool.Pool, out io.Writer, n, teams int, seed uint64) (*dataset, error) {
	step := stepper(out)
	ds, err := createStaff(ctx, pool, teams)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ds.generate(n, seed, now)
	step("generated %d companies", n)

	keys := indexAll(ds.companies)
	step("computed search keys")

	rebuild, err := dropSecondary(ctx, pool)
	if err != nil {
		return nil, err
	}
	if err := parallel(ctx, 4,
		func(ctx context.Context) error { return copyClients(ctx, pool, ds.companies, keys, now) },
		func(ctx context.Context) error { return copyContacts(ctx, pool, ds.companies, now) },
		func(ctx context.Context) error { return copyTerms(ctx, pool, ds.companies, keys, 0, 2) },
		func(ctx context.Context) error { return copyTerms(ctx, pool, ds.companies, keys, 1, 2) },
		func(ctx context.Context) error { return copyWords(ctx, pool, keys) },
	); err != nil {
		return nil, err
	}
	step("copied rows")
	if err := parallel(ctx, 2, rebuild...); err != nil {
		return nil, err
	}
	step("rebuilt indexes and foreign keys")
	if err := vacuumAnalyse(ctx, pool, append(bulkTables, "search_words")...); err != nil {
		return nil, err
	}
	_, err = pool.Exec(ctx, `SELECT setval(pg_get_serial_sequence('clients', 'id'), (SELECT max(id) FROM clients)),
		setval(pg_get_serial_sequence('contacts', 'id'), (SELECT max(id) FROM contacts))`)
	step("vacuumed and analysed")
	return ds, err
}

// createStaff creates the teams, one manager and ten salespeople per team,
// and an admin.
func createStaff(ctx context.Context, pool *pgxpool.Pool, teams int) (*dataset, error) {
	if _, err := pool.Exec(ctx, `WITH t AS (INSERT INTO teams (name)
			SELECT 'Team ' || g FROM generate_series(1, $1) g RETURNING id)
		INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		SELECT t.id * 100 + k, t.id * 100 + k, 'Staff ' || t.id || '-' || k,
			CASE WHEN k = 0 THEN 'manager' ELSE 'sales' END, t.id
		FROM t, generate_series(0, 10) k`, teams); err != nil {
		return nil, fmt.Errorf("create staff: %w", err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO staff (telegram_id, chat_id, name, role) VALUES (1, 1, 'Admin', 'admin')`); err != nil {
		return nil, fmt.Errorf("create admin: %w", err)
	}
	return readStaff(ctx, pool)
}

// readStaff reads the people createStaff made.
func readStaff(ctx context.Context, pool *pgxpool.Pool) (*dataset, error) {
	ds := &dataset{sales: map[int64]int64{}, owners: map[int64][]int64{}}
	rows, err := pool.Query(ctx, `SELECT id, coalesce(team_id, 0), role FROM staff ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read staff: %w", err)
	}
	var id, team int64
	var role string
	_, err = pgx.ForEachRow(rows, []any{&id, &team, &role}, func() error {
		switch role {
		case "admin":
			ds.admin = id
			return nil
		case "sales":
			ds.sales[team] = id
		}
		if len(ds.owners[team]) == 0 {
			ds.teams = append(ds.teams, team)
		}
		ds.owners[team] = append(ds.owners[team], id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read staff: %w", err)
	}
	return ds, nil
}

// generate makes the companies, the same ones for the same seed and staff.
func (ds *dataset) generate(n int, seed uint64, now time.Time) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ds.companies = make([]company, n)
	for i := range ds.companies {
		team := ds.teams[r.IntN(len(ds.teams))]
		ds.companies[i] = newCompany(r, int64(i+1), team, ds.owners[team], now)
	}
}

// indexAll computes every company's search keys on all cores.
func indexAll(cs []company) []client.Keys {
	keys := make([]client.Keys, len(cs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(cs); i += workers {
				contacts := make([]client.ContactKey, len(cs[i].contacts))
				for j, p := range cs[i].contacts {
					contacts[j] = client.ContactKey{Name: p.name, Phone: p.phone}
				}
				keys[i] = client.IndexKeys(cs[i].name, contacts)
			}
		})
	}
	wg.Wait()
	return keys
}

// dropSecondary drops the secondary indexes (those no constraint owns) and
// the foreign keys of bulkTables, and returns the statements that restore
// them. Foreign keys come back NOT VALID: the loader made the rows
// consistent, and validating 30 million references would double the load.
func dropSecondary(ctx context.Context, pool *pgxpool.Pool) ([]func(context.Context) error, error) {
	rows, err := pool.Query(ctx, `SELECT 'DROP INDEX ' || i.indexrelid::regclass, pg_get_indexdef(i.indexrelid)
		FROM pg_index i WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
		UNION ALL
		SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
			format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
		FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY($1::regclass[])`, bulkTables)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var drop, create string
	var rebuild []func(context.Context) error
	var drops []string
	if _, err := pgx.ForEachRow(rows, []any{&drop, &create}, func() error {
		drops = append(drops, drop)
		stmt := create
		rebuild = append(rebuild, func(ctx context.Context) error {
			conn, err := pool.Acquire(ctx)
			if err != nil {
				return err
			}
			defer conn.Release()
			if _, err := conn.Exec(ctx, `SET maintenance_work_mem = '1GB'`); err != nil {
				return err
			}
			if _, err := conn.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
			return nil
		})
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	for _, d := range drops {
		if _, err := pool.Exec(ctx, d); err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
	}
	return rebuild, nil
}

// parallel runs fns on at most n goroutines and returns the first error.
func parallel(ctx context.Context, n int, fns ...func(context.Context) error) error {
	sem := make(chan struct{}, n)
	errs := make(chan error, len(fns))
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs <- fn(ctx)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// stepper prints each step with the time it took.
// vacuumAnalyse runs VACUUM (ANALYZE) on each table after a bulk load, two
// at a time, so the timed runs start from fresh statistics and a visibility
// map (index-only scans).
func vacuumAnalyse(ctx context.Context, pool *pgxpool.Pool, tables ...string) error {
	var vacuum []func(context.Context) error
	for _, t := range tables {
		vacuum = append(vacuum, func(ctx context.Context) error {
			if _, err := pool.Exec(ctx, "VACUUM (ANALYZE) "+pgx.Identifier{t}.Sanitize()); err != nil {
				return fmt.Errorf("vacuum %s: %w", t, err)
			}
			return nil
		})
	}
	return parallel(ctx, 2, vacuum...)
}

// shanghai is the ledger's zone in the timed runs, as LEDGERBOT_TZ's default;
// a fixed UTC+8 where the machine has no zone data.
func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

func stepper(out io.Writer) func(format string, args ...any) {
	last := time.Now()
	start := last
	return func(format string, args ...any) {
		now := time.Now()
		fmt.Fprintf(out, "%-40s %6.1fs (total %6.1fs)\n", fmt.Sprintf(format, args...),
			now.Sub(last).Seconds(), now.Sub(start).Seconds())
		last = now
	}
}
