// Package audit writes the trail of who changed what and when. Entries are
// written in the same transaction as the change they describe, so the trail
// cannot miss a change or record one that was rolled back.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Execer is a transaction or pool.
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// Querier is a transaction or pool that can read.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Entry is one change.
type Entry struct {
	ID       int64          `db:"id"`
	ActorID  int64          `db:"actor_id"`
	Entity   string         `db:"entity"` // client, contact, deal, visit, feedback, staff, invite
	EntityID int64          `db:"entity_id"`
	Action   string         `db:"action"` // create, update, delete, status, ...
	Changes  map[string]any `db:"changes"`
	At       time.Time      `db:"at"`
}

// Write records e. A zero ActorID is stored as NULL (a system change).
func Write(ctx context.Context, db Execer, e Entry) error {
	changes := e.Changes
	if changes == nil {
		changes = map[string]any{}
	}
	body, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("audit: encode changes: %w", err)
	}
	var actor *int64
	if e.ActorID != 0 {
		actor = &e.ActorID
	}
	if _, err := db.Exec(ctx, `INSERT INTO audit_log (actor_id, entity, entity_id, action, changes, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, actor, e.Entity, e.EntityID, e.Action, body, e.At); err != nil {
		return fmt.Errorf("audit: write: %w", err)
	}
	return nil
}

// List returns the newest entries for one entity, newest first.
func List(ctx context.Context, db Querier, entity string, id int64, limit int) ([]Entry, error) {
	rows, err := db.Query(ctx, `SELECT id, coalesce(actor_id, 0) AS actor_id, entity, entity_id, action, changes, at
		FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY at DESC, id DESC LIMIT $3`, entity, id, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Entry])
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	return out, nil
}

// Change is one field's old and new value inside Entry.Changes.
type Change struct {
	From any `json:"from"`
	To   any `json:"to"`
}

// Diff returns the fields whose values differ between before and after,
// keyed by field name, for an update entry.
func Diff(before, after map[string]any) map[string]any {
	out := map[string]any{}
	for k, a := range after {
		b, ok := before[k]
		if !ok || fmt.Sprint(b) != fmt.Sprint(a) {
			out[k] = Change{From: b, To: a}
		}
	}
	return out
}
