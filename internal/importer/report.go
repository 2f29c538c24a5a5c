package importer

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// maxListed bounds the problems and similar names a Report lists.
const maxListed = 20

// applied is the set of actions the commit applies.
const applied = `('create', 'update', 'merge', 'dup_file', 'contact', 'deal', 'visit')`

// report counts the classified rows of an import; the counts of what
// would really change come from predict.
func report(ctx context.Context, tx pgx.Tx, imp *Import) (Report, error) {
	var r Report
	err := tx.QueryRow(ctx, `SELECT count(*),
			count(*) FILTER (WHERE action = 'create'),
			count(*) FILTER (WHERE action = 'update'),
			count(*) FILTER (WHERE action = 'skip'),
			count(*) FILTER (WHERE action = 'error'),
			count(*) FILTER (WHERE action = 'update' AND match_by = 'id'),
			count(*) FILTER (WHERE action = 'update' AND match_by = 'name'),
			count(*) FILTER (WHERE action = 'update' AND match_by = 'phone'),
			count(*) FILTER (WHERE similar_id IS NOT NULL),
			count(*) FILTER (WHERE action = 'dup_file'),
			count(*) FILTER (WHERE action = 'merge')
		FROM import_rows WHERE import_id = $1`, imp.ID).Scan(&r.Rows, &r.Create, &r.Update, &r.Skip, &r.Errors,
		&r.ByID, &r.ByName, &r.ByPhone, &r.DupSimilar, &r.DupFile, &r.Merged)
	if err != nil {
		return Report{}, fmt.Errorf("count rows: %w", err)
	}
	r.DupLedger = r.ByID + r.ByName + r.ByPhone
	if r.Problems, err = problems(ctx, tx, imp, maxListed); err != nil {
		return Report{}, err
	}
	rows, err := tx.Query(ctx, `SELECT r.sheet, r.row_num, r.data ->> 'name', c.id, c.name
		FROM import_rows r JOIN clients c ON c.id = r.similar_id
		WHERE r.import_id = $1 ORDER BY r.seq LIMIT $2`, imp.ID, maxListed)
	if err != nil {
		return Report{}, fmt.Errorf("list similar names: %w", err)
	}
	var sh int
	var sim Similar
	_, err = pgx.ForEachRow(rows, []any{&sh, &sim.Row, &sim.Name, &sim.ClientID, &sim.Client}, func() error {
		sim.Sheet = sheetName(imp, sh)
		r.Similar = append(r.Similar, sim)
		return nil
	})
	if err != nil {
		return Report{}, fmt.Errorf("list similar names: %w", err)
	}
	return r, nil
}

// problems lists the first errors of the import's rows, in row order.
func problems(ctx context.Context, q querier, imp *Import, limit int) ([]Problem, error) {
	rows, err := q.Query(ctx, `SELECT sheet, row_num, errors FROM import_rows
		WHERE import_id = $1 AND action = 'error' ORDER BY seq LIMIT $2`, imp.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	var out []Problem
	var sh, num int
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&sh, &num, &body}, func() error {
		var errs []rowError
		if err := json.Unmarshal(body, &errs); err != nil {
			return err
		}
		for _, e := range errs {
			if len(out) < limit {
				out = append(out, Problem{Sheet: sheetName(imp, sh), Row: num, Column: header(imp, sh, e.Col),
					Value: e.Value, Why: e.why(imp.Lang)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	return out, nil
}

func sheetName(imp *Import, sh int) string {
	if sh >= 0 && sh < len(imp.Sheets) {
		return imp.Sheets[sh].Name
	}
	return ""
}

// header is the header of column col of sheet sh, "" for the row as a whole.
func header(imp *Import, sh, col int) string {
	if sh < 0 || sh >= len(imp.Sheets) || col < 0 || col >= len(imp.Sheets[sh].Headers) {
		return ""
	}
	return imp.Sheets[sh].Headers[col]
}
