package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// Kind is the outbox kind of both digest messages, the text and the chart.
const Kind = "digest"

// Digest is the "digest" job: one text and one chart per active manager,
// about the previous full week of the manager's team.
type Digest struct {
	db  *pgxpool.Pool
	loc *time.Location
	log *slog.Logger
}

// New returns the job on db. loc is the teams' time zone: weeks run from
// Monday 00:00 to the next Monday 00:00 there. A nil loc means UTC, a nil
// log discards.
func New(db *pgxpool.Pool, loc *time.Location, log *slog.Logger) *Digest {
	if loc == nil {
		loc = time.UTC
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Digest{db: db, loc: loc, log: log}
}

// manager is one recipient of the digest.
type manager struct {
	ID     int64  `db:"id"`
	ChatID int64  `db:"chat_id"`
	Lang   string `db:"lang"`
	TeamID int64  `db:"team_id"`
}

// Run enqueues the digest of the full week before the one holding at
// (normally at is Monday 09:00 and the week is the seven days just ended)
// for every active manager, and returns how many messages were new. Teams
// without an active manager get nothing. A team whose digest fails does not
// stop the others; the failures are returned together, and a rerun enqueues
// only what is missing.
func (d *Digest) Run(ctx context.Context, at time.Time) (int, error) {
	from := PreviousWeek(at, d.loc)
	rows, err := d.db.Query(ctx, `SELECT id, chat_id, lang, team_id FROM staff
		WHERE role = 'manager' AND active AND team_id IS NOT NULL ORDER BY team_id, id`)
	if err != nil {
		return 0, fmt.Errorf("list managers: %w", err)
	}
	managers, err := pgx.CollectRows(rows, pgx.RowToStructByName[manager])
	if err != nil {
		return 0, fmt.Errorf("list managers: %w", err)
	}
	var (
		total, teams int
		errs         []error
	)
	for i := 0; i < len(managers) && ctx.Err() == nil; {
		j := i
		for j < len(managers) && managers[j].TeamID == managers[i].TeamID {
			j++
		}
		n, err := d.team(ctx, managers[i].TeamID, from, managers[i:j])
		total += n
		teams++
		if err != nil {
			errs = append(errs, err)
		}
		i = j
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, fmt.Errorf("digest: %w", err))
	}
	d.log.InfoContext(ctx, "digest enqueued", slog.String("week", from.Format(time.DateOnly)),
		slog.Int("teams", teams), slog.Int("enqueued", total), slog.Int("failed_teams", len(errs)))
	return total, errors.Join(errs...)
}

// team enqueues the week's digest for the managers of one team. The chart is
// drawn once per language, not once per manager.
func (d *Digest) team(ctx context.Context, teamID int64, from time.Time, managers []manager) (int, error) {
	w, err := d.Week(ctx, teamID, from)
	if err != nil {
		return 0, err
	}
	charts := map[string][]byte{}
	msgs := make([]outbox.Message, 0, 2*len(managers))
	for _, m := range managers {
		lang := string(i18n.Parse(m.Lang)) // one chart per language, not per spelling
		png, ok := charts[lang]
		if !ok {
			if png, err = Chart(w, lang); err != nil {
				return 0, fmt.Errorf("chart of team %d: %w", teamID, err)
			}
			charts[lang] = png
		}
		key := fmt.Sprintf("digest:%s:staff:%d", weekOf(w), m.ID)
		msgs = append(msgs, outbox.Message{
			Key: key, ChatID: m.ChatID, StaffID: m.ID, Kind: Kind, Text: Text(w, lang),
		}, outbox.Message{
			Key: key + ":chart", ChatID: m.ChatID, StaffID: m.ID, Kind: Kind, Text: Caption(w, lang), Photo: png,
		})
	}
	n, err := outbox.Enqueue(ctx, d.db, msgs...)
	if err != nil {
		return 0, fmt.Errorf("enqueue digest of team %d: %w", teamID, err)
	}
	return n, nil
}
