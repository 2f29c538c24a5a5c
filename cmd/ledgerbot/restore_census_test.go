package main

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// querier is a pool, or a transaction holding the snapshot a dump was taken
// in.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// tableCensus is what one table holds: its rows and a digest of their
// contents, so that a restore that kept the count but changed a value (a
// time zone, an encoding, a truncated bytea) is caught as well.
type tableCensus struct {
	Rows   int64
	Digest string
	// Persistence is pg_class.relpersistence: 'p' permanent, 'u' unlogged
	// (whose data pg_dump can be told to leave out).
	Persistence string
}

// publicTablesSQL lists every table of the ledger's schema from the
// catalog, so a table a later migration adds is counted without anyone
// remembering to add it here.
const publicTablesSQL = `SELECT c.relname, c.relpersistence::text FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.relname`

// takeCensus counts and digests every table of the public schema through q.
func takeCensus(ctx context.Context, t *testing.T, q querier) map[string]tableCensus {
	t.Helper()
	rows, err := q.Query(ctx, publicTablesSQL)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	type table struct{ name, persistence string }
	tables, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (table, error) {
		var x table
		return x, r.Scan(&x.name, &x.persistence)
	})
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	out := make(map[string]tableCensus, len(tables))
	for _, tb := range tables {
		id := pgx.Identifier{"public", tb.name}.Sanitize()
		c := tableCensus{Persistence: tb.persistence}
		// Rows are digested in the order of their own digests: the order
		// rows come back in is not part of what a restore must keep.
		if err := q.QueryRow(ctx, `SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '')
			FROM (SELECT md5(x::text) AS h FROM `+id+` x) d`).Scan(&c.Rows, &c.Digest); err != nil {
			t.Fatalf("census of %s: %v", tb.name, err)
		}
		out[tb.name] = c
	}
	return out
}

// ownedSequencesSQL lists the sequences behind serial and identity columns
// of the public schema, with their table and column.
const ownedSequencesSQL = `SELECT s.relname, t.relname, a.attname FROM pg_class s
JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = 'public'
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
	AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
WHERE s.relkind = 'S'
ORDER BY s.relname`

// checkSequences fails the test for every sequence whose next value is not
// above its column's largest value: a restore that loses a sequence's
// position breaks the first insert after it. Sequences are not
// transactional, so comparing their values with the snapshot's would be
// wrong; this is the property that matters. It returns how many it checked.
func checkSequences(ctx context.Context, t *testing.T, q querier) int {
	t.Helper()
	rows, err := q.Query(ctx, ownedSequencesSQL)
	if err != nil {
		t.Fatalf("list sequences: %v", err)
	}
	type owned struct{ seq, table, column string }
	seqs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (owned, error) {
		var o owned
		return o, r.Scan(&o.seq, &o.table, &o.column)
	})
	if err != nil {
		t.Fatalf("list sequences: %v", err)
	}
	for _, s := range seqs {
		var highest, next int64
		err := q.QueryRow(ctx, `SELECT (SELECT coalesce(max(`+pgx.Identifier{s.column}.Sanitize()+`), 0) FROM `+
			pgx.Identifier{"public", s.table}.Sanitize()+`),
			(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM `+pgx.Identifier{"public", s.seq}.Sanitize()+`)`).
			Scan(&highest, &next)
		if err != nil {
			t.Fatalf("sequence %s: %v", s.seq, err)
		}
		if next <= highest {
			t.Errorf("sequence %s would hand out %d, but %s.%s already holds %d", s.seq, next, s.table, s.column, highest)
		}
	}
	return len(seqs)
}
