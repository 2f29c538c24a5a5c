package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// kindOrder is the order the sheets' rows are numbered (seq) and applied
// in: clients before the contacts, deals and visits that refer to them.
var kindOrder = []sheet.Kind{sheet.Clients, sheet.Contacts, sheet.Deals, sheet.Visits}

// DryRun reads every used sheet, parses each row's cells (dates, amounts,
// phones, enumerations, owners by staff name within the team under the
// owner policy) and stores one import_rows row per data row; SQL then
// classifies the rows against the ledger and each other (see classify).
// Nothing in the ledger changes. The import moves to checked with its
// Report; the whole dry run is one transaction, so a failed one leaves the
// import as it was. A file error (too many rows, a broken sheet) comes
// back as the sheet package's sentinel, wrapped.
func (s *Store) DryRun(ctx context.Context, actor access.Actor, id int64, owners OwnerPolicy) (Import, error) {
	if owners != OwnersImporter {
		owners = OwnersError
	}
	started := time.Now()
	err := s.change(ctx, actor, id, func(tx pgx.Tx, imp *Import) error {
		if imp.Status != Mapping && imp.Status != Checked {
			return ErrState
		}
		return s.dryRun(ctx, tx, imp, owners)
	})
	if err != nil {
		return Import{}, fmt.Errorf("dry run: %w", err)
	}
	imp, err := s.Get(ctx, actor, id)
	if err == nil {
		s.log.Info("import checked", slog.Int64("import_id", id), slog.Int("rows", imp.Report.Rows),
			slog.Int("errors", imp.Report.Errors), slog.Int64("elapsed_ms", time.Since(started).Milliseconds()))
	}
	return imp, err
}

func (s *Store) dryRun(ctx context.Context, tx pgx.Tx, imp *Import, owners OwnerPolicy) error {
	var data []byte
	if err := tx.QueryRow(ctx, `SELECT data FROM imports WHERE id = $1`, imp.ID).Scan(&data); err != nil {
		return fmt.Errorf("read file: %w", err)
	}
	book, err := sheet.Open(imp.FileName, data)
	if err != nil {
		return err
	}
	defer func() { _ = book.Close() }()
	p := &parser{owners: owners, unknown: map[string]bool{}, today: s.clients.Today()}
	if p.staff, err = teamStaff(ctx, tx, imp.TeamID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM import_rows WHERE import_id = $1`, imp.ID); err != nil {
		return fmt.Errorf("drop old dry run: %w", err)
	}
	src := &rowSource{imp: imp, book: book, parser: p, counts: map[int]int{}}
	for _, k := range kindOrder {
		for i, pl := range imp.Sheets {
			if pl.Use && pl.Kind == k {
				src.order = append(src.order, i)
			}
		}
	}
	if len(src.order) == 0 {
		return ErrNothingToImport
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"import_rows"}, []string{"import_id", "seq", "sheet", "row_num",
		"kind", "data", "fields", "errors", "norm_name", "search_key", "phones", "ref_id", "action"}, src); err != nil {
		if src.err != nil {
			return src.err
		}
		return fmt.Errorf("store rows: %w", err)
	}
	// The rows were just written: without fresh statistics the planner takes
	// import_rows for empty and joins it row by row with the ledger. The
	// classifying statements are many and short: compiling them (JIT) costs
	// more than it saves.
	if _, err := tx.Exec(ctx, `ANALYZE import_rows`); err != nil {
		return fmt.Errorf("analyze rows: %w", err)
	}
	if _, err := tx.Exec(ctx, `SET LOCAL jit = off`); err != nil {
		return fmt.Errorf("analyze rows: %w", err)
	}
	// The forecast sorts every row with its client's records: in memory.
	if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
		return fmt.Errorf("analyze rows: %w", err)
	}
	stored := time.Now()
	if err := classify(ctx, tx, imp.ID, imp.TeamID); err != nil {
		return err
	}
	rep, err := report(ctx, tx, imp)
	if err != nil {
		return err
	}
	// Again, now that each row has its action: the commit's read of the
	// next rows to apply picked a sequential scan of every row per batch
	// (70 ms a batch at 100,000 rows) while the statistics said no row had
	// an action to apply.
	if _, err := tx.Exec(ctx, `ANALYZE import_rows`); err != nil {
		return fmt.Errorf("analyze rows: %w", err)
	}
	classified := time.Now()
	fc, err := s.predict(ctx, tx, imp)
	if err != nil {
		return err
	}
	s.log.Debug("import dry run timed", slog.Int64("import_id", imp.ID),
		slog.Int64("classify_ms", classified.Sub(stored).Milliseconds()),
		slog.Int64("forecast_ms", time.Since(classified).Milliseconds()))
	rep.Contacts, rep.Deals, rep.Visits = fc.contacts, fc.deals, fc.visits
	rep.Receivables, rep.Payments = fc.receivables, fc.payments
	rep.UpdateFill, rep.UpdateOverwrite = fc.changeFill, fc.changeOver
	rep.UnknownOwners = p.unknownN
	for i := range imp.Sheets {
		imp.Sheets[i].Rows = src.counts[i]
	}
	plan, err := json.Marshal(imp.Sheets)
	if err != nil {
		return err
	}
	body, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE imports SET status = 'checked', owner_policy = $2, plan = $3, report = $4,
		updated_at = $5 WHERE id = $1`, imp.ID, string(owners), plan, body, s.now())
	return err
}

// teamStaff maps the team's active members' names and usernames (staffKey)
// to their ids; a name two members share goes to the first.
func teamStaff(ctx context.Context, tx pgx.Tx, team int64) (map[string]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id, name, username FROM staff WHERE team_id = $1 AND active ORDER BY id`, team)
	if err != nil {
		return nil, fmt.Errorf("read team: %w", err)
	}
	out := map[string]int64{}
	var id int64
	var name, user string
	_, err = pgx.ForEachRow(rows, []any{&id, &name, &user}, func() error {
		for _, k := range []string{staffKey(name), staffKey(user)} {
			if _, ok := out[k]; k != "" && !ok {
				out[k] = id
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read team: %w", err)
	}
	return out, nil
}

// rowSource feeds COPY from the sheets as they are read, so memory does not
// grow with the file.
type rowSource struct {
	imp    *Import
	book   *sheet.Book
	parser *parser
	order  []int // sheet indexes, in kindOrder
	cur    int   // position in order
	rows   *sheet.Rows
	seq    int
	counts map[int]int
	values []any
	err    error
}

func (s *rowSource) Next() bool {
	for s.err == nil {
		if s.rows == nil {
			if s.cur >= len(s.order) {
				return false
			}
			rows, err := s.book.Rows(s.imp.Sheets[s.order[s.cur]].Name)
			if err != nil {
				s.err = err
				return false
			}
			s.rows = rows
		}
		if !s.rows.Next() {
			err := s.rows.Err()
			_ = s.rows.Close()
			s.rows = nil
			s.cur++
			if err != nil {
				s.err = err
				return false
			}
			continue
		}
		sh := s.order[s.cur]
		row := s.rows.Row()
		if row.Num <= s.imp.Sheets[sh].HeaderRow || row.Blank() {
			continue
		}
		s.err = s.load(sh, row)
		return s.err == nil
	}
	return false
}

// load parses one row into the values COPY writes.
func (s *rowSource) load(sh int, row sheet.Row) error {
	plan := s.imp.Sheets[sh]
	r := s.parser.parse(plan, row)
	s.seq++
	s.counts[sh]++
	data, err := json.Marshal(r.data)
	if err != nil {
		return err
	}
	fields, err := json.Marshal(r.fields)
	if err != nil {
		return err
	}
	var errs any
	action := ""
	if len(r.errs) > 0 {
		b, err := json.Marshal(r.errs)
		if err != nil {
			return err
		}
		errs, action = string(b), "error"
	}
	norm, key := client.Normalize(r.data.Name), ""
	if plan.Kind == sheet.Clients && action == "" {
		key = client.IndexKeys(r.data.Name, nil).SearchKey
	}
	phones := r.phones
	if phones == nil {
		phones = []string{}
	}
	s.values = []any{s.imp.ID, s.seq, sh, row.Num, string(plan.Kind), string(data), string(fields), errs,
		norm, key, phones, nullable(r.refID), action}
	return nil
}

func (s *rowSource) Values() ([]any, error) { return s.values, nil }

func (s *rowSource) Err() error { return s.err }
