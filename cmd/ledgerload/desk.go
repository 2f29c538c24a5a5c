package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dedupe"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/migrations"
)

// runDesk generates a team's Excel ledger (XLSX, or the same as GBK CSV),
// then imports it into an empty team as its manager would (dry run, then
// commit), lists the team's likely duplicates and exports the team, timing
// each phase and reading the process's peak resident memory (VmHWM, reset
// before each phase).
//
//	ledgerload desk [-clients N] [-format xlsx|csv] [-out DIR] [-keep]
func runDesk(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("desk", flag.ContinueOnError)
	n := fs.Int("clients", 100_000, "client rows in the file")
	format := fs.String("format", "xlsx", "xlsx, or csv (GBK, as Chinese Excel saves it)")
	dir := fs.String("out", "", "also write the generated file into this directory")
	keep := fs.Bool("keep", false, "keep the schema at the end")
	schema := fs.String("schema", "ledgerload_desk", "schema to load into")
	seed := fs.Uint64("seed", 1, "random seed")
	verbose := fs.Bool("v", false, "log the importer's batches (write and reindex times) to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	step := stepper(out)
	rows := deskRows(*n, *seed, time.Now())
	var data []byte
	var err error
	switch *format {
	case "xlsx":
		data, err = deskXLSX(rows)
	case "csv":
		data, err = deskGBKCSV(rows)
	default:
		return fmt.Errorf("desk: -format %q: want xlsx or csv", *format)
	}
	if err != nil {
		return fmt.Errorf("desk: generate: %w", err)
	}
	name := "客户台账." + *format
	step("generated %s: %d rows, %.1f MB", name, *n, float64(len(data))/1e6)
	if *dir != "" {
		if err := os.WriteFile(filepath.Join(*dir, name), data, 0o600); err != nil {
			return fmt.Errorf("desk: %w", err)
		}
	}

	pool, done, err := openSchema(ctx, *schema, false, *keep)
	if err != nil {
		return err
	}
	defer done()
	if _, err := postgres.Migrate(ctx, pool, migrations.FS, nil); err != nil {
		return err
	}
	manager, err := deskTeam(ctx, pool)
	if err != nil {
		return err
	}
	loc := shanghai()
	clients := client.NewStore(pool, time.Now, loc)
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	imports := importer.New(pool, clients, time.Now, log)

	var imp importer.Import
	err = phase(out, "dry run", func() error {
		imp, err = imports.Begin(ctx, manager, manager.TeamID, 1, name, data, 0)
		if err != nil {
			return err
		}
		imp, err = imports.DryRun(ctx, manager, imp.ID, importer.OwnersError)
		return err
	})
	if err != nil {
		return err
	}
	rep := imp.Report
	fmt.Fprintf(out, "  rows %d: create %d, update %d, skip %d, errors %d; in-file duplicates %d, similar names %d; contacts %d\n",
		rep.Rows, rep.Create, rep.Update, rep.Skip, rep.Errors, rep.DupFile, rep.DupSimilar, rep.Contacts)
	data = nil

	err = phase(out, "commit", func() error {
		if _, err := imports.Confirm(ctx, manager, imp.ID, importer.DupSkip); err != nil {
			return err
		}
		if err := imports.RunPending(ctx, "ledgerload", time.Minute, quietProgress{}); err != nil {
			return err
		}
		imp, err = imports.Get(ctx, manager, imp.ID)
		if err == nil && imp.Status != importer.Done {
			err = fmt.Errorf("import ended %s: %s", imp.Status, imp.Error)
		}
		return err
	})
	if err != nil {
		return err
	}
	s := imp.Summary
	fmt.Fprintf(out, "  created %d, updated %d, skipped %d, failed %d; contacts %d\n", s.Created, s.Updated, s.Skipped, s.Failed, s.Contacts)

	sweep := dedupe.New(pool, loc, time.Now, slog.New(slog.DiscardHandler))
	var pairs []dedupe.Pair
	err = phase(out, "duplicate sweep", func() error {
		pairs, _, err = sweep.List(ctx, manager, manager.TeamID, 0)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  first page: %d likely duplicate pairs\n", len(pairs))

	exports := export.New(pool, loc)
	var sum export.Summary
	var size countingWriter
	err = phase(out, "export", func() error {
		sum, err = exports.Export(ctx, manager, export.Filter{TeamID: manager.TeamID, Lang: i18n.ZH,
			Period: export.ThisMonth(time.Now().In(loc))}, &size, nil)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  %d clients, %d contacts; %.1f MB\n", sum.Clients, sum.Contacts, float64(size)/1e6)
	return nil
}

// deskTeam creates the team the file is imported into: its manager and
// the salespeople the file's 负责人 column names.
func deskTeam(ctx context.Context, pool *pgxpool.Pool) (access.Actor, error) {
	var team, manager int64
	err := pool.QueryRow(ctx, `WITH t AS (INSERT INTO teams (name) VALUES ('华东销售部') RETURNING id)
		INSERT INTO staff (telegram_id, chat_id, name, role, team_id) SELECT 1, 1, '李经理', 'manager', id FROM t
		RETURNING team_id, id`).Scan(&team, &manager)
	if err != nil {
		return access.Actor{}, fmt.Errorf("desk: team: %w", err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		SELECT 100 + i, 100 + i, n, 'sales', $2 FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i)`, deskOwners, team); err != nil {
		return access.Actor{}, fmt.Errorf("desk: staff: %w", err)
	}
	return access.Actor{StaffID: manager, Role: access.Manager, TeamID: team}, nil
}

// phase runs f and prints how long it took and the process's peak
// resident memory while it ran.
func phase(out io.Writer, name string, f func() error) error {
	debug.FreeOSMemory()
	resetPeakRSS()
	start := time.Now()
	if err := f(); err != nil {
		return fmt.Errorf("desk: %s: %w", name, err)
	}
	fmt.Fprintf(out, "%s: %.2f s, peak RSS %s\n", name, time.Since(start).Seconds(), peakRSS())
	return nil
}

// resetPeakRSS sets VmHWM back to the current RSS (Linux 4.0 and later).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads VmHWM, the peak resident set size, from /proc/self/status.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				return strings.TrimSpace(v)
			}
			return fmt.Sprintf("%.0f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}

type quietProgress struct{}

func (quietProgress) Progress(context.Context, importer.Import) {}
func (quietProgress) Finished(context.Context, importer.Import) {}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
