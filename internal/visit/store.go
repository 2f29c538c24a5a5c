package visit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Store logs and reads visits in PostgreSQL.
type Store struct {
	db  *pgxpool.Pool
	now func() time.Time
	loc *time.Location // the team's time zone: "today" for follow-ups
}

// NewStore returns a Store on db, reading the time from now and counting
// days in loc.
func NewStore(db *pgxpool.Pool, now func() time.Time, loc *time.Location) *Store {
	if loc == nil {
		loc = time.UTC
	}
	return &Store{db: db, now: now, loc: loc}
}

func (s *Store) today() time.Time { return dates.Today(s.now(), s.loc) }

// Log records a visit by actor on d.ClientID, visited now. In the same
// transaction it closes the actor's earlier open follow-ups on the client
// (the new visit answers them), touches the client (last contact, a
// sleeping or churned client becomes active), records the satisfaction
// reading if the visitor gave one, and writes the audit trail.
// A client the actor may not record on is ErrNotFound; a bad draft wraps
// ErrInvalid. A repeated non-zero originUpdate returns the visit it created,
// with created false.
func (s *Store) Log(ctx context.Context, actor access.Actor, d Draft, originUpdate int64) (Visit, bool, error) {
	if originUpdate != 0 {
		// Looked up before validating: a retried update must find its visit
		// even when its follow-up day has passed since.
		v, err := s.byOrigin(ctx, s.db, actor, originUpdate)
		if err == nil {
			return v, false, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return Visit{}, false, fmt.Errorf("log visit: %w", err)
		}
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	d, err := clean(d, dates.Today(now, s.loc))
	if err != nil {
		return Visit{}, false, fmt.Errorf("log visit: %w", err)
	}
	var v Visit
	created := false
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var teamID int64
		err := tx.QueryRow(ctx, `SELECT team_id FROM clients WHERE id = $1 FOR UPDATE`, d.ClientID).Scan(&teamID)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !actor.CanRecord(teamID)) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var origin *int64
		if originUpdate != 0 {
			origin = &originUpdate
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO visits (client_id, author_id, kind, notes, outcome, voice_file_id,
				photo_file_ids, latitude, longitude, visited_at, follow_up_on, created_at, origin_update)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $12)
			ON CONFLICT (origin_update) DO NOTHING RETURNING id`,
			d.ClientID, actor.StaffID, string(d.Kind), d.Notes, d.Outcome, d.VoiceFileID,
			d.PhotoFileIDs, d.Latitude, d.Longitude, now, d.FollowUpOn, origin).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			// The same update ran concurrently and committed first.
			v, err = s.byOrigin(ctx, tx, actor, originUpdate)
			return err
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		created = true
		if err := closeAnswered(ctx, tx, actor.StaffID, d.ClientID, id, now); err != nil {
			return err
		}
		if err := client.TouchTx(ctx, tx, actor.StaffID, d.ClientID, now); err != nil {
			return err
		}
		changes := map[string]any{"client_id": d.ClientID, "kind": d.Kind, "photos": len(d.PhotoFileIDs), "voice": d.VoiceFileID != ""}
		if d.FollowUpOn != nil {
			changes["follow_up_on"] = d.FollowUpOn.Format(time.DateOnly)
		}
		if d.Satisfaction != 0 {
			if err := recordVisitScore(ctx, tx, d.ClientID, id, actor.StaffID, d.Satisfaction, now); err != nil {
				return err
			}
			changes["satisfaction"] = d.Satisfaction
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "visit", EntityID: id,
			Action: "create", Changes: changes, At: now}); err != nil {
			return err
		}
		v, _, err = getVisit(ctx, tx, id)
		return err
	})
	if err != nil {
		return Visit{}, false, fmt.Errorf("log visit: %w", err)
	}
	return v, created, nil
}

// closeAnswered marks done the open follow-ups on the client that the
// author answers for, other than the new visit's own.
func closeAnswered(ctx context.Context, tx pgx.Tx, authorID, clientID, newID int64, now time.Time) error {
	rows, err := tx.Query(ctx, `UPDATE visits SET follow_up_done = true
		WHERE client_id = $1 AND coalesce(follow_up_by, author_id) = $2 AND id <> $3 AND follow_up_on IS NOT NULL AND NOT follow_up_done
		RETURNING id`, clientID, authorID, newID)
	if err != nil {
		return fmt.Errorf("close answered follow-ups: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("close answered follow-ups: %w", err)
	}
	for _, id := range ids {
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: authorID, Entity: "visit", EntityID: id,
			Action: "follow_up_done", Changes: map[string]any{"answered_by": newID}, At: now}); err != nil {
			return err
		}
	}
	return nil
}
