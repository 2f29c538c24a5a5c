package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

type rowKey struct{ sheet, row int }

// ErrorFile returns an XLSX holding, for each sheet with problems, its
// header and the original rows that have errors (the cells as the user saw
// them), with a last column 错误 / Error listing each problem: the user
// fixes the rows and sends the file again. ErrState before the dry run;
// a dry run without errors gives a file of headers only.
func (s *Store) ErrorFile(ctx context.Context, actor access.Actor, id int64) (string, []byte, error) {
	imp, err := s.Get(ctx, actor, id)
	if err != nil {
		return "", nil, fmt.Errorf("error file: %w", err)
	}
	if imp.Status != Checked {
		return "", nil, fmt.Errorf("error file: %w", ErrState)
	}
	reasons, err := s.reasons(ctx, &imp)
	if err != nil {
		return "", nil, fmt.Errorf("error file: %w", err)
	}
	var data []byte
	if err := s.db.QueryRow(ctx, `SELECT data FROM imports WHERE id = $1`, id).Scan(&data); err != nil {
		return "", nil, fmt.Errorf("error file: %w", err)
	}
	book, err := sheet.Open(imp.FileName, data)
	if err != nil {
		return "", nil, fmt.Errorf("error file: %w", err)
	}
	defer func() { _ = book.Close() }()
	w := sheet.NewWriter()
	var write []int
	first := -1
	for sh, plan := range imp.Sheets {
		if plan.Use && first < 0 {
			first = sh
		}
		if plan.Use && hasSheet(reasons, sh) {
			write = append(write, sh)
		}
	}
	if len(write) == 0 && first >= 0 {
		write = []int{first} // a workbook needs a sheet: the header alone
	}
	for _, sh := range write {
		if err := writeErrorSheet(w, book, imp, sh, reasons); err != nil {
			return "", nil, fmt.Errorf("error file: %w", err)
		}
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return "", nil, fmt.Errorf("error file: %w", err)
	}
	base := strings.TrimSuffix(imp.FileName, filepath.Ext(imp.FileName))
	return base + imp.Lang.T("-错误.xlsx", "-errors.xlsx"), buf.Bytes(), nil
}

// reasons reads every error row's problems, joined into one text per row.
func (s *Store) reasons(ctx context.Context, imp *Import) (map[rowKey]string, error) {
	rows, err := s.db.Query(ctx, `SELECT sheet, row_num, errors FROM import_rows
		WHERE import_id = $1 AND action = 'error' ORDER BY seq`, imp.ID)
	if err != nil {
		return nil, err
	}
	out := map[rowKey]string{}
	var sh, num int
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&sh, &num, &body}, func() error {
		var errs []rowError
		if err := json.Unmarshal(body, &errs); err != nil {
			return err
		}
		parts := make([]string, 0, len(errs))
		for _, e := range errs {
			p := e.why(imp.Lang)
			if h := header(imp, sh, e.Col); h != "" {
				p = h + imp.Lang.T("：", ": ") + p
			}
			parts = append(parts, p)
		}
		out[rowKey{sh, num}] = strings.Join(parts, imp.Lang.T("；", "; "))
		return nil
	})
	return out, err
}

func hasSheet(reasons map[rowKey]string, sh int) bool {
	for k := range reasons {
		if k.sheet == sh {
			return true
		}
	}
	return false
}

// writeErrorSheet copies the header and the rows with problems of sheet sh.
func writeErrorSheet(w *sheet.Writer, book *sheet.Book, imp Import, sh int, reasons map[rowKey]string) error {
	plan := imp.Sheets[sh]
	cols := make([]sheet.Col, 0, len(plan.Headers)+1)
	for _, h := range plan.Headers {
		cols = append(cols, sheet.Col{Header: h, Type: sheet.Text, Width: 16})
	}
	cols = append(cols, sheet.Col{Header: imp.Lang.T("错误", "Error"), Type: sheet.Text, Width: 60})
	if err := w.Sheet(plan.Name, cols); err != nil {
		return err
	}
	rows, err := book.Rows(plan.Name)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		row := rows.Row()
		why, bad := reasons[rowKey{sh, row.Num}]
		if !bad {
			continue
		}
		vals := make([]any, len(cols))
		for i := range len(cols) - 1 {
			vals[i] = row.Cell(i).Text
		}
		vals[len(cols)-1] = why
		if err := w.Row(vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}
