package value

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// window is the period a run is as of.
type window struct {
	today time.Time // the run's day, 00:00 UTC: its deals do not count yet
	from  time.Time // the first day of the 12 months, 00:00 UTC
	start time.Time // the first instant of from in the team's zone
}

func newWindow(at time.Time, loc *time.Location) window {
	today := dates.Today(at, loc)
	from := today.AddDate(-1, 0, 0)
	y, m, d := from.Date()
	return window{today: today, from: from, start: time.Date(y, m, d, 0, 0, 0, 0, loc)}
}

// DefaultChunk is how many clients one transaction computes: whole teams,
// as many as fit (a larger team is a chunk of its own). Big enough that 50
// small teams do not pay 50 times each statement's fixed cost, small enough
// that a chunk's sorts stay in workMem and its transaction short.
const DefaultChunk = 200_000

// workMem is the sort and hash memory of one chunk's statements, per sort
// or hash: a chunk of 200,000 clients fits (each window sort takes 12-25
// MB); a larger one spills to disk, which is slower but no larger.
const workMem = "64MB"

// runStats counts what a run did, for its log line.
type runStats struct {
	teams, clients, changed, removed, opened, refreshed, closed int
}

// Run is the "value" job: as of at (today is at's day in the team's zone)
// it computes every team's client values and tier suggestions. It enqueues
// no messages and returns 0: the review is a list managers open. Running
// it again for the same day writes nothing new.
//
// Each client's deals are aggregated once, in one pass over the deals in
// client order, into a temporary table of the run's connection. Then the
// teams are classed, scored and written a chunk of whole teams at a time,
// each chunk in one transaction: a team's readers see last night's figures
// or tonight's, never a mix, and a failure loses one chunk's work. Nothing
// is read into Go but the teams' sizes.
func (s *Store) Run(ctx context.Context, at time.Time) (int, error) {
	began := time.Now()
	w := newWindow(at, s.loc)
	conn, err := s.db.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("client value: %w", err)
	}
	defer conn.Release()
	// The table goes with the session, but the connection goes back to the
	// pool: it is dropped at the end (and first, after a run that could
	// not drop it).
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS value_base`) }()
	if err := buildBase(ctx, conn, w); err != nil {
		return 0, fmt.Errorf("client value: aggregate deals: %w", err)
	}
	aggregated := time.Since(began)
	chunks, err := s.chunks(ctx, conn)
	if err != nil {
		return 0, fmt.Errorf("client value: %w", err)
	}
	// An open suggestion follows its client to another team before the
	// chunks run, so the new team's run refreshes or closes it, whichever
	// runs first, and its decision goes with it.
	if _, err := conn.Exec(ctx, `UPDATE tier_suggestions t SET team_id = c.team_id FROM clients c
		WHERE c.id = t.client_id AND t.closed_on IS NULL AND t.team_id <> c.team_id`); err != nil {
		return 0, fmt.Errorf("client value: move suggestions: %w", err)
	}
	var st runStats
	for _, teams := range chunks {
		if err := s.runChunk(ctx, conn, teams, w, &st); err != nil {
			return 0, fmt.Errorf("client value: teams %v: %w", teams, err)
		}
	}
	s.log.Info("client value done", slog.String("today", w.today.Format(time.DateOnly)),
		slog.Int("teams", st.teams), slog.Int("chunks", len(chunks)), slog.Int("clients", st.clients),
		slog.Int("changed", st.changed), slog.Int("removed", st.removed), slog.Int("suggestions_opened", st.opened),
		slog.Int("suggestions_refreshed", st.refreshed), slog.Int("suggestions_closed", st.closed),
		slog.Duration("aggregate", aggregated), slog.Duration("elapsed", time.Since(began)))
	return 0, nil
}

// buildBase fills the run's value_base (baseSQL), indexed by team.
func buildBase(ctx context.Context, conn *pgxpool.Conn, w window) error {
	return postgres.InTx(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL jit = off`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DROP TABLE IF EXISTS value_base`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, baseSQL, w.from, w.today); err != nil {
			return err
		}
		// The chunks read the table by team, and plan better knowing its size.
		if _, err := tx.Exec(ctx, `CREATE INDEX ON value_base (team_id)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `ANALYZE value_base`); err != nil {
			return err
		}
		// The chunks compare tonight's figures with last night's rows. Planned
		// on statistics older than last night (the tables were empty before
		// the first run, and autovacuum may not have looked since), those
		// joins run as nested loops: 50 s instead of 0.1 s for 20,000
		// clients. An empty table is left unanalysed: known to be empty, it
		// would be scanned whole for each row the statement writes into it,
		// where the planner's guess for a table never analysed probes its
		// index. The samples take a fraction of a second.
		for _, table := range []string{"client_values", "tier_suggestions"} {
			var filled bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+`)`).Scan(&filled); err != nil {
				return err
			}
			if filled {
				if _, err := tx.Exec(ctx, `ANALYZE `+table); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// chunks groups the teams, in id order, into runs of whole teams of about
// s.chunk clients. Every team is in one, those without live clients too:
// their suggestions still close.
func (s *Store) chunks(ctx context.Context, conn *pgxpool.Conn) ([][]int64, error) {
	rows, err := conn.Query(ctx, `SELECT t.id, count(b.client_id) FROM teams t
		LEFT JOIN value_base b ON b.team_id = t.id GROUP BY t.id ORDER BY t.id`)
	if err != nil {
		return nil, fmt.Errorf("read teams: %w", err)
	}
	var out [][]int64
	var cur []int64
	size := 0
	var team int64
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&team, &n}, func() error {
		if len(cur) > 0 && size+n > s.chunk {
			out, cur, size = append(out, cur), nil, 0
		}
		cur, size = append(cur, team), size+n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read teams: %w", err)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// runChunk computes the values and suggestions of some whole teams from
// value_base, on the run's connection, in one transaction.
func (s *Store) runChunk(ctx context.Context, conn *pgxpool.Conn, teams []int64, w window, st *runStats) error {
	began := time.Now()
	var lap [3]time.Duration
	defer func() {
		s.log.Debug("client value chunk done", slog.Int("teams", len(teams)), slog.Int64("first_team_id", teams[0]),
			slog.Duration("values", lap[0]), slog.Duration("removals", lap[1]-lap[0]),
			slog.Duration("suggestions", lap[2]-lap[1]), slog.Duration("elapsed", time.Since(began)))
	}()
	return postgres.InTx(ctx, conn, func(tx pgx.Tx) error {
		// The statements' cost estimates are far above their cost, and JIT
		// compiling them takes longer than running them. The window sorts
		// keep each client's counts in memory up to workMem: spilled, the
		// windows re-read their tuples from disk and take twice as long.
		if _, err := tx.Exec(ctx, `SET LOCAL jit = off`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('work_mem', $1, true)`, workMem); err != nil {
			return err
		}
		var clients, changed int
		if err := tx.QueryRow(ctx, computeSQL, teams, w.today, s.now()).Scan(&clients, &changed); err != nil {
			return fmt.Errorf("compute values: %w", err)
		}
		lap[0] = time.Since(began)
		tag, err := tx.Exec(ctx, `DELETE FROM client_values v WHERE v.team_id = ANY($1) AND NOT EXISTS (
			SELECT 1 FROM clients c WHERE c.id = v.client_id AND c.team_id = v.team_id AND c.archived_at IS NULL)`, teams)
		if err != nil {
			return fmt.Errorf("remove values: %w", err)
		}
		lap[1] = time.Since(began)
		var opened, refreshed, closed int
		if err := tx.QueryRow(ctx, suggestSQL, teams, w.today, w.start).Scan(&opened, &refreshed, &closed); err != nil {
			return fmt.Errorf("suggest tiers: %w", err)
		}
		lap[2] = time.Since(began)
		st.teams += len(teams)
		st.clients += clients
		st.changed += changed
		st.removed += int(tag.RowsAffected())
		st.opened += opened
		st.refreshed += refreshed
		st.closed += closed
		return nil
	})
}
