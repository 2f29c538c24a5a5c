package dedupe

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// PageSize is how many pairs one page of /duplicates shows, and the
// monthly message names.
const PageSize = 8

// ErrNotFound is returned for a pair whose clients do not exist, are not
// of one team, or that the actor may not see.
var ErrNotFound = errors.New("duplicate pair not found")

// Finder lists a team's likely duplicates and runs the monthly job.
type Finder struct {
	db  *pgxpool.Pool
	loc *time.Location
	now func() time.Time
	log *slog.Logger
}

// New returns a Finder on db; loc is the zone the job's months are
// counted in, now the clock of dismissals.
func New(db *pgxpool.Pool, loc *time.Location, now func() time.Time, log *slog.Logger) *Finder {
	if loc == nil {
		loc = time.UTC
	}
	return &Finder{db: db, loc: loc, now: now, log: log}
}

// List returns one page (from 0) of the team's likely duplicate pairs, and
// whether more follow. The team's managers and admins only (client.CanTidy):
// the list leads to merges, which only they make.
func (f *Finder) List(ctx context.Context, actor access.Actor, teamID int64, page int) ([]Pair, bool, error) {
	if !client.CanTidy(actor, teamID) {
		return nil, false, access.ErrForbidden
	}
	ps, err := teamPairs(ctx, f.db, teamID, PageSize+1, page*PageSize)
	if err != nil {
		return nil, false, fmt.Errorf("list duplicates: %w", err)
	}
	more := len(ps) > PageSize
	return ps[:min(len(ps), PageSize)], more, nil
}

// Dismiss records that clients a and b are different companies: the list
// leaves the pair out from now on. Rights as for List, on the clients'
// team; ErrNotFound when they are not of one team the actor may see.
// Audited on the client with the smaller id.
func (f *Finder) Dismiss(ctx context.Context, actor access.Actor, a, b int64) error {
	a, b = min(a, b), max(a, b)
	err := postgres.InTx(ctx, f.db, func(tx pgx.Tx) error {
		var team int64
		err := tx.QueryRow(ctx, `SELECT min(team_id) FROM clients WHERE id IN ($1, $2)
			HAVING count(*) = 2 AND count(DISTINCT team_id) = 1`, a, b).Scan(&team)
		if errors.Is(err, pgx.ErrNoRows) || err == nil && !actor.CanSee(team) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !client.CanTidy(actor, team) {
			return access.ErrForbidden
		}
		now := f.now()
		tag, err := tx.Exec(ctx, `INSERT INTO duplicate_dismissals (client_a, client_b, dismissed_by, dismissed_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, a, b, actor.StaffID, now)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: a,
			Action: "not_duplicate", At: now, Changes: map[string]any{"other": b}})
	})
	if err != nil {
		return fmt.Errorf("dismiss duplicate pair: %w", err)
	}
	return nil
}
