package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// importSelect reads an Import (without the file's bytes).
const importSelect = `SELECT id, team_id, actor_id, chat_id, lang, file_name, format, encoding,
	octet_length(data), plan, status, dup_policy, owner_policy, report, summary, error, total, done,
	progress_msg_id, created_at, updated_at, committed_at, finished_at
	FROM imports`

// scanImport reads one row of importSelect.
func scanImport(row pgx.Row) (Import, error) {
	var imp Import
	var lang, format, status, dup, owners string
	var plan, report, summary []byte
	var committed, finished *time.Time
	err := row.Scan(&imp.ID, &imp.TeamID, &imp.ActorID, &imp.ChatID, &lang, &imp.FileName, &format, &imp.Encoding,
		&imp.Size, &plan, &status, &dup, &owners, &report, &summary, &imp.Error, &imp.Total, &imp.Done,
		&imp.ProgressMsgID, &imp.CreatedAt, &imp.UpdatedAt, &committed, &finished)
	if errors.Is(err, pgx.ErrNoRows) {
		return Import{}, ErrNotFound
	}
	if err != nil {
		return Import{}, fmt.Errorf("read import: %w", err)
	}
	imp.Lang, imp.Format, imp.Status = i18n.Lang(lang), sheet.Format(format), Status(status)
	imp.Dup, imp.Owners = DupPolicy(dup), OwnerPolicy(owners)
	if committed != nil {
		imp.CommittedAt = *committed
	}
	if finished != nil {
		imp.FinishedAt = *finished
	}
	if err := json.Unmarshal(plan, &imp.Sheets); err != nil {
		return Import{}, fmt.Errorf("read import plan: %w", err)
	}
	if err := json.Unmarshal(report, &imp.Report); err != nil {
		return Import{}, fmt.Errorf("read import report: %w", err)
	}
	if err := json.Unmarshal(summary, &imp.Summary); err != nil {
		return Import{}, fmt.Errorf("read import summary: %w", err)
	}
	return imp, nil
}

// load reads an import by id; lock takes a row lock for a change in tx.
func load(ctx context.Context, q querier, id int64, lock bool) (Import, error) {
	sql := importSelect + ` WHERE id = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	return scanImport(q.QueryRow(ctx, sql, id))
}

// canSee reports whether actor may look at (and undo) imp: the importer,
// a manager of its team, an admin.
func canSee(actor access.Actor, imp Import) bool {
	switch actor.Role {
	case access.Admin:
		return true
	case access.Manager:
		return actor.StaffID == imp.ActorID || actor.TeamID == imp.TeamID
	}
	return false
}

// canDrive reports whether actor may change, check, confirm or cancel imp:
// the importer, or an admin.
func canDrive(actor access.Actor, imp Import) bool {
	return actor.Role == access.Admin || actor.Role == access.Manager && actor.StaffID == imp.ActorID
}

// Get returns an import the actor may see (the importer, a manager of its
// team, an admin), or ErrNotFound.
func (s *Store) Get(ctx context.Context, actor access.Actor, id int64) (Import, error) {
	imp, err := load(ctx, s.db, id, false)
	if err != nil {
		return Import{}, fmt.Errorf("get import: %w", err)
	}
	if !canSee(actor, imp) {
		return Import{}, fmt.Errorf("get import: %w", ErrNotFound)
	}
	return imp, nil
}

// Latest returns the actor's newest import still waiting for them or for
// the runner (mapping, checked, committing), if any: the chat offers to go
// on with it.
func (s *Store) Latest(ctx context.Context, actor access.Actor) (Import, bool, error) {
	imp, err := scanImport(s.db.QueryRow(ctx, importSelect+` WHERE actor_id = $1
		AND status IN ('mapping', 'checked', 'committing') ORDER BY id DESC LIMIT 1`, actor.StaffID))
	if errors.Is(err, ErrNotFound) {
		return Import{}, false, nil
	}
	if err != nil {
		return Import{}, false, fmt.Errorf("latest import: %w", err)
	}
	return imp, true, nil
}

// SetProgressMessage records the chat message the runner's progress edits,
// so a replica that resumes the import edits the same message.
func (s *Store) SetProgressMessage(ctx context.Context, id, msgID int64) error {
	if _, err := s.db.Exec(ctx, `UPDATE imports SET progress_msg_id = $2 WHERE id = $1`, id, msgID); err != nil {
		return fmt.Errorf("set progress message: %w", err)
	}
	return nil
}

// Cancel drops an import the actor drives before its commit: the file and
// the dry run's rows are deleted with it (the row stays, cancelled).
// Cancelling a cancelled import does nothing; after the commit started,
// ErrState.
func (s *Store) Cancel(ctx context.Context, actor access.Actor, id int64) error {
	err := s.change(ctx, actor, id, func(tx pgx.Tx, imp *Import) error {
		switch imp.Status {
		case Cancelled:
			return nil
		case Mapping, Checked:
		default:
			return ErrState
		}
		if _, err := tx.Exec(ctx, `DELETE FROM import_rows WHERE import_id = $1`, id); err != nil {
			return fmt.Errorf("drop rows: %w", err)
		}
		_, err := tx.Exec(ctx, `UPDATE imports SET status = 'cancelled', data = '', updated_at = $2 WHERE id = $1`,
			id, s.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("cancel import: %w", err)
	}
	return nil
}
