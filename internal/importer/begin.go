package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// Begin stores the file and guesses each sheet's kind and mapping from its
// header (the first non-blank row). The file's bytes go into PostgreSQL so
// that any replica can check and commit it. Managers import into their own
// team (teamID 0 or theirs); admins into teamID (or their own team); sales
// get access.ErrForbidden. A file the sheet package refuses (too large,
// .xls, not a spreadsheet, empty ...) comes back as its sentinel, wrapped.
// A repeat with the same non-zero originUpdate returns the import the first
// call created.
func (s *Store) Begin(ctx context.Context, actor access.Actor, teamID, chatID int64, fileName string, data []byte, originUpdate int64) (Import, error) {
	if originUpdate != 0 {
		imp, err := scanImport(s.db.QueryRow(ctx, importSelect+` WHERE origin_update = $1`, originUpdate))
		if err == nil && imp.ActorID == actor.StaffID {
			return imp, nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return Import{}, fmt.Errorf("begin import: %w", err)
		}
	}
	team, err := s.teamOf(ctx, actor, teamID)
	if err != nil {
		return Import{}, fmt.Errorf("begin import: %w", err)
	}
	if len(data) > sheet.MaxFileSize {
		return Import{}, fmt.Errorf("begin import: %w", sheet.ErrTooLarge)
	}
	book, err := sheet.Open(fileName, data)
	if err != nil {
		return Import{}, fmt.Errorf("begin import: %w", err)
	}
	defer func() { _ = book.Close() }()
	plans, err := guessPlans(book)
	if err != nil {
		return Import{}, fmt.Errorf("begin import: %w", err)
	}
	plan, err := json.Marshal(plans)
	if err != nil {
		return Import{}, fmt.Errorf("begin import: %w", err)
	}
	if len([]rune(fileName)) > 200 {
		fileName = string([]rune(fileName)[:200])
	}
	now := s.now()
	var id int64
	err = s.db.QueryRow(ctx, `INSERT INTO imports (team_id, actor_id, chat_id, lang, file_name, format, encoding,
			data, plan, origin_update, created_at, updated_at)
		VALUES ($1, $2, $3, (SELECT lang FROM staff WHERE id = $2), $4, $5, $6, $7, $8, $9, $10, $10)
		ON CONFLICT (origin_update) DO NOTHING RETURNING id`,
		team, actor.StaffID, chatID, fileName, string(book.Format()), book.Encoding(), data, plan,
		nullable(originUpdate), now).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err = s.db.QueryRow(ctx, `SELECT id FROM imports WHERE origin_update = $1`, originUpdate).Scan(&id)
	}
	if err != nil {
		return Import{}, fmt.Errorf("begin import: store: %w", err)
	}
	s.log.Info("import begun", slog.Int64("import_id", id), slog.Int64("team_id", team),
		slog.Int64("actor_id", actor.StaffID), slog.Int("bytes", len(data)), slog.String("format", string(book.Format())))
	return s.Get(ctx, actor, id)
}

// teamOf is the team an actor imports into (see Begin).
func (s *Store) teamOf(ctx context.Context, actor access.Actor, teamID int64) (int64, error) {
	switch actor.Role {
	case access.Manager:
		if actor.TeamID == 0 || teamID != 0 && teamID != actor.TeamID {
			return 0, access.ErrForbidden
		}
		return actor.TeamID, nil
	case access.Admin:
		if teamID == 0 {
			teamID = actor.TeamID
		}
		var ok bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM teams WHERE id = $1)`, teamID).Scan(&ok); err != nil {
			return 0, fmt.Errorf("check team: %w", err)
		}
		if !ok {
			return 0, ErrTeam
		}
		return teamID, nil
	}
	return 0, access.ErrForbidden
}

// guessPlans reads each sheet's header and guesses its mapping. A sheet is
// used when it is the first non-empty sheet of its kind with a mapped
// column; the user may change that. A file with no non-blank row at all is
// sheet.ErrEmpty.
func guessPlans(book *sheet.Book) ([]SheetPlan, error) {
	var plans []SheetPlan
	usedKind := map[sheet.Kind]bool{}
	any := false
	for _, name := range book.Sheets() {
		p := SheetPlan{Name: name}
		row, found, err := headerRow(book, name)
		if err != nil {
			return nil, err
		}
		if found {
			any = true
			p.HeaderRow = row.Num
			for _, c := range row.Cells {
				p.Headers = append(p.Headers, c.Text)
			}
			p.Kind, p.Columns = sheet.Guess(name, p.Headers)
			p.Use = !usedKind[p.Kind] && mapsSomething(p.Columns)
			usedKind[p.Kind] = usedKind[p.Kind] || p.Use
		}
		plans = append(plans, p)
	}
	if !any {
		return nil, sheet.ErrEmpty
	}
	return plans, nil
}

// headerRow returns the first non-blank row of a sheet.
func headerRow(book *sheet.Book, name string) (sheet.Row, bool, error) {
	rows, err := book.Rows(name)
	if errors.Is(err, sheet.ErrEmpty) {
		return sheet.Row{}, false, nil
	}
	if err != nil {
		return sheet.Row{}, false, err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		if r := rows.Row(); !r.Blank() {
			return r, true, nil
		}
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sheet.ErrEmpty) {
		return sheet.Row{}, false, err
	}
	return sheet.Row{}, false, nil
}

func mapsSomething(cols []sheet.Column) bool {
	for _, c := range cols {
		if c.Field != "" {
			return true
		}
	}
	return false
}

// change runs fn on the import, locked, inside a transaction, for an actor
// who may drive it, and saves the plan fn may have changed.
func (s *Store) change(ctx context.Context, actor access.Actor, id int64, fn func(tx pgx.Tx, imp *Import) error) error {
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		imp, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !canSee(actor, imp) {
			return ErrNotFound
		}
		if !canDrive(actor, imp) {
			return access.ErrForbidden
		}
		return fn(tx, &imp)
	})
}

// SetColumn maps column col of sheet sh (indexes into Import.Sheets and its
// Headers) to c; Column{} ignores the column. The field must be one the
// sheet's kind holds (sheet.Fields). Allowed while the import is mapping or
// checked; a change after the dry run sends it back to mapping.
func (s *Store) SetColumn(ctx context.Context, actor access.Actor, id int64, sh, col int, c sheet.Column) (Import, error) {
	err := s.replan(ctx, actor, id, func(plans []SheetPlan) error {
		if sh < 0 || sh >= len(plans) || col < 0 || col >= len(plans[sh].Headers) || c.Slot < 0 || c.Slot > 9 {
			return ErrInvalid
		}
		if c.Field != "" && !holds(plans[sh].Kind, c.Field) {
			return ErrInvalid
		}
		if !c.Field.IsContact() {
			c.Slot = 0
		}
		for len(plans[sh].Columns) < len(plans[sh].Headers) {
			plans[sh].Columns = append(plans[sh].Columns, sheet.Column{})
		}
		plans[sh].Columns[col] = c
		return nil
	})
	if err != nil {
		return Import{}, fmt.Errorf("set column: %w", err)
	}
	return s.Get(ctx, actor, id)
}

// UseSheet includes or leaves out sheet sh, as SetColumn.
func (s *Store) UseSheet(ctx context.Context, actor access.Actor, id int64, sh int, use bool) (Import, error) {
	err := s.replan(ctx, actor, id, func(plans []SheetPlan) error {
		if sh < 0 || sh >= len(plans) || use && len(plans[sh].Headers) == 0 {
			return ErrInvalid
		}
		plans[sh].Use = use
		return nil
	})
	if err != nil {
		return Import{}, fmt.Errorf("use sheet: %w", err)
	}
	return s.Get(ctx, actor, id)
}

// SetKind changes what sheet sh holds; its columns are guessed again for
// the new kind (a field the kind cannot hold is dropped).
func (s *Store) SetKind(ctx context.Context, actor access.Actor, id int64, sh int, k sheet.Kind) (Import, error) {
	err := s.replan(ctx, actor, id, func(plans []SheetPlan) error {
		if sh < 0 || sh >= len(plans) || len(sheet.Fields(k)) == 0 {
			return ErrInvalid
		}
		plans[sh].Kind = k
		for i, c := range plans[sh].Columns {
			if c.Field != "" && !holds(k, c.Field) {
				plans[sh].Columns[i] = sheet.Column{}
			}
		}
		return nil
	})
	if err != nil {
		return Import{}, fmt.Errorf("set sheet kind: %w", err)
	}
	return s.Get(ctx, actor, id)
}

// replan changes the plan of a mapping or checked import; the dry run's
// rows and report are dropped, so a confirm needs a new dry run.
func (s *Store) replan(ctx context.Context, actor access.Actor, id int64, fn func([]SheetPlan) error) error {
	return s.change(ctx, actor, id, func(tx pgx.Tx, imp *Import) error {
		if imp.Status != Mapping && imp.Status != Checked {
			return ErrState
		}
		if err := fn(imp.Sheets); err != nil {
			return err
		}
		plan, err := json.Marshal(imp.Sheets)
		if err != nil {
			return err
		}
		if imp.Status == Checked {
			if _, err := tx.Exec(ctx, `DELETE FROM import_rows WHERE import_id = $1`, id); err != nil {
				return fmt.Errorf("drop dry run: %w", err)
			}
		}
		_, err = tx.Exec(ctx, `UPDATE imports SET plan = $2, status = 'mapping', report = '{}', total = 0,
			updated_at = $3 WHERE id = $1`, id, plan, s.now())
		return err
	})
}

func holds(k sheet.Kind, f sheet.Field) bool {
	for _, x := range sheet.Fields(k) {
		if x == f {
			return true
		}
	}
	return false
}

// nullable is NULL for 0.
func nullable(v int64) *int64 {
	if v == 0 {
		return nil
	}
	return &v
}
