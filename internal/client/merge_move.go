package client

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// moveRecords moves every record of the clients others to survivor and
// returns how many of each kind moved:
//   - contacts, all of them, none primary any more (choosePrimary picks
//     the one). Two contacts with the same name and phone are both kept:
//     each may carry a greeting subscription, an invite link or a birthday
//     the other lacks, and a person removes the spare one in a second. Their
//     invites and greeting subscriptions hang on the contact's id, so they
//     follow without a write;
//   - deals (with their payments), visits (with their follow-ups), feedback
//     and satisfaction readings;
//   - review reminders, keeping one per due date and recipient;
//   - churn episodes, all of their history; of the open ones the survivor
//     keeps its own, or else the one that opened first, and the others end
//     (reason "merged"), since a client is at risk at most once at a time.
func moveRecords(ctx context.Context, tx pgx.Tx, survivor int64, others []int64, today time.Time) (map[string]int64, error) {
	moved := map[string]int64{}
	for _, q := range []struct{ kind, sql string }{
		{"contacts", `UPDATE contacts SET client_id = $1, is_primary = false WHERE client_id = ANY($2)`},
		{"deals", `UPDATE deals SET client_id = $1 WHERE client_id = ANY($2)`},
		{"visits", `UPDATE visits SET client_id = $1 WHERE client_id = ANY($2)`},
		{"feedback", `UPDATE feedback SET client_id = $1 WHERE client_id = ANY($2)`},
		{"satisfaction", `UPDATE satisfaction SET client_id = $1 WHERE client_id = ANY($2)`},
	} {
		tag, err := tx.Exec(ctx, q.sql, survivor, others)
		if err != nil {
			return nil, fmt.Errorf("move %s: %w", q.kind, err)
		}
		moved[q.kind] = tag.RowsAffected()
	}
	// The primary key (client, due date, recipient) keeps one reminder of a
	// date per person: the survivor's, when it has one.
	if _, err := tx.Exec(ctx, `INSERT INTO review_reminders (client_id, due_on, staff_id, reminded_on)
		SELECT $1, due_on, staff_id, min(reminded_on) FROM review_reminders WHERE client_id = ANY($2)
		GROUP BY due_on, staff_id ON CONFLICT DO NOTHING`, survivor, others); err != nil {
		return nil, fmt.Errorf("move review reminders: %w", err)
	}
	tag, err := tx.Exec(ctx, `DELETE FROM review_reminders WHERE client_id = ANY($1)`, others)
	if err != nil {
		return nil, fmt.Errorf("move review reminders: %w", err)
	}
	moved["review_reminders"] = tag.RowsAffected()
	// At most one open episode: end all open ones but the one kept, before
	// the move meets the unique index on open episodes.
	if _, err := tx.Exec(ctx, `UPDATE churn_episodes SET ended_on = $3, end_reason = 'merged'
		WHERE client_id = ANY($2) AND ended_on IS NULL AND id <> coalesce(
			(SELECT id FROM churn_episodes WHERE client_id = $1 AND ended_on IS NULL),
			(SELECT id FROM churn_episodes WHERE client_id = ANY($2) AND ended_on IS NULL ORDER BY started_on, id LIMIT 1))`,
		survivor, others, today); err != nil {
		return nil, fmt.Errorf("end extra churn episodes: %w", err)
	}
	if tag, err = tx.Exec(ctx, `UPDATE churn_episodes SET client_id = $1 WHERE client_id = ANY($2)`, survivor, others); err != nil {
		return nil, fmt.Errorf("move churn episodes: %w", err)
	}
	moved["churn_episodes"] = tag.RowsAffected()
	return moved, nil
}

// entomb turns others into tombstones of survivor: merged, archived, and
// older tombstones of theirs repointed at survivor, so that every tombstone
// stays one hop from a live client.
func entomb(ctx context.Context, tx pgx.Tx, actor access.Actor, survivor int64, others []int64, now time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE clients SET merged_into = $1, merged_at = $3,
			archived_at = coalesce(archived_at, $3), archived_by = coalesce(archived_by, $4)
		WHERE id = ANY($2)`, survivor, others, now, staffRef(actor.StaffID)); err != nil {
		return fmt.Errorf("mark merged clients: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE clients SET merged_into = $1 WHERE merged_into = ANY($2)`, survivor, others); err != nil {
		return fmt.Errorf("repoint older merged clients: %w", err)
	}
	return nil
}

// MergedIDs returns the ids of the clients merged into id (its tombstones),
// whose audit entries belong to id's history.
func (s *Store) MergedIDs(ctx context.Context, id int64) ([]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM clients WHERE merged_into = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("merged clients: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("merged clients: %w", err)
	}
	return ids, nil
}
