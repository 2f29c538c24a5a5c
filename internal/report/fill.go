package report

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// fill gathers the figures of the people in a report, for the period
// (index 0) and the previous one (index 1).
type fill struct {
	people []personRow
	ids    []int64
	by     map[int64]*[2]Figures
	// Medians pool every resolution, so they come from the query, not
	// from adding up: per team, and over everyone.
	teamMedian map[int64]*[2]float64
	total      [2]Figures
}

func newFill(people []personRow) *fill {
	f := &fill{people: people, by: map[int64]*[2]Figures{}, teamMedian: map[int64]*[2]float64{}}
	for _, p := range people {
		f.ids = append(f.ids, p.StaffID)
		f.by[p.StaffID] = &[2]Figures{}
	}
	return f
}

// of returns the figures of staff in period prev (0 or 1), or nil for
// someone not in the report.
func (f *fill) of(staff int64, prev int) *Figures {
	if fs := f.by[staff]; fs != nil && (prev == 0 || prev == 1) {
		return &fs[prev]
	}
	return nil
}

// args are the queries' named arguments; all is set for the report of
// every team.
func (f *fill) args(w window, all bool) pgx.NamedArgs {
	return pgx.NamedArgs{
		"ids": f.ids, "all": all, "prev_start": w.prevStart, "start": w.start, "end": w.end,
		"prev_from": w.prevFrom, "from": w.from, "next": w.next,
		"as_of": w.asOf, "prev_as_of": w.prevAsOf, "as_of_day": w.asOfDay, "prev_as_of_day": w.prevAsOfDay,
		"days": w.days, "ends": w.ends,
	}
}

// read runs every figure's query in one round trip on tx (all: the report
// of every team). The queries aggregate up to millions of rows once, so
// each is planned for its own arguments (a generic plan would not know a
// thousand people from twenty) and hashes in memory rather than on disk;
// both settings end with the transaction.
func (f *fill) read(ctx context.Context, tx pgx.Tx, w window, all bool) error {
	if len(f.ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('plan_cache_mode', 'force_custom_plan', true),
		set_config('work_mem', '64MB', true)`); err != nil {
		return fmt.Errorf("figures: settings: %w", err)
	}
	args := f.args(w, all)
	b := &pgx.Batch{}
	queue := func(name, sql string, scan []any, row func()) {
		b.Queue(sql, args).Query(func(rows pgx.Rows) error {
			if _, err := pgx.ForEachRow(rows, scan, func() error { row(); return nil }); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		})
	}
	var (
		staff        int64
		prev, n, m   int
		kind         string
		cents        int64
		team, person *int64
		level        int
		median       *float64
		// clientsSQL's columns after staff, in order.
		cl struct{ owned, added, addedPrev, atStart, lost, atStartPrev, lostPrev int }
	)
	queue("visits", visitsSQL, []any{&staff, &prev, &kind, &n}, func() {
		if x := f.of(staff, prev); x != nil {
			x.Visits.add(visit.Kind(kind), n)
		}
	})
	queue("coverage", coverageSQL, []any{&staff, &n, &m}, func() {
		if fs := f.by[staff]; fs != nil {
			fs[0].Visited, fs[1].Visited = n, m
		}
	})
	queue("clients", clientsSQL, []any{&staff, &cl.owned, &cl.added, &cl.addedPrev,
		&cl.atStart, &cl.lost, &cl.atStartPrev, &cl.lostPrev}, func() {
		if fs := f.by[staff]; fs != nil {
			fs[0].Owned, fs[1].Owned = cl.owned, cl.owned
			fs[0].NewClients, fs[1].NewClients = cl.added, cl.addedPrev
			fs[0].OwnedAtStart, fs[0].Lost = cl.atStart, cl.lost
			fs[1].OwnedAtStart, fs[1].Lost = cl.atStartPrev, cl.lostPrev
		}
	})
	queue("follow-ups", followUpsSQL, []any{&staff, &prev, &n, &m}, func() {
		if x := f.of(staff, prev); x != nil {
			x.FollowUpsDue, x.FollowUpsOnTime = n, m
		}
	})
	queue("feedback resolved", resolvedSQL, []any{&team, &person, &prev, &level, &n, &median}, func() {
		f.resolved(team, person, prev, level, n, median)
	})
	queue("feedback overdue", overdueSQL, []any{&staff, &n, &m}, func() {
		if fs := f.by[staff]; fs != nil {
			fs[0].OverdueFeedback, fs[1].OverdueFeedback = n, m
		}
	})
	queue("satisfaction", satisfactionSQL, []any{&staff, &prev, &n, &m}, func() {
		if x := f.of(staff, prev); x != nil {
			x.SatisfactionSum, x.SatisfactionCount = n, m
		}
	})
	queue("deals", dealsSQL, []any{&staff, &prev, &n, &cents}, func() {
		if x := f.of(staff, prev); x != nil {
			x.Deals, x.DealCents = n, cents
		}
	})
	queue("payments", paymentsSQL, []any{&staff, &prev, &cents}, func() {
		if x := f.of(staff, prev); x != nil {
			x.CollectedCents = cents
		}
	})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	return nil
}

// resolved takes one row of resolvedSQL: a person's count and median
// (level 0), a team's median (1) or everyone's (3).
func (f *fill) resolved(team, person *int64, prev, level, n int, median *float64) {
	if median == nil || (prev != 0 && prev != 1) {
		return
	}
	switch {
	case level == 0 && person != nil:
		if x := f.of(*person, prev); x != nil {
			x.Resolved, x.MedianResolveHours = n, *median
		}
	case level == 1 && team != nil:
		tm := f.teamMedian[*team]
		if tm == nil {
			tm = &[2]float64{}
			f.teamMedian[*team] = tm
		}
		tm[prev] = *median
	case level == 3:
		f.total[prev].MedianResolveHours = *median
	}
}

// assemble puts the people into their teams and adds up the totals. With
// onlyStaffed, teams nobody in the report belongs to are left out.
func (f *fill) assemble(teams []teamRow, onlyStaffed bool) []Team {
	byTeam := map[int64][]Person{}
	for _, p := range f.people {
		fs := f.by[p.StaffID]
		byTeam[p.TeamID] = append(byTeam[p.TeamID], Person{StaffID: p.StaffID, Name: p.Name, Role: p.Role, Cur: fs[0], Prev: fs[1]})
	}
	medians := [2]float64{f.total[0].MedianResolveHours, f.total[1].MedianResolveHours}
	f.total = [2]Figures{}
	var out []Team
	for _, t := range teams {
		people := byTeam[t.ID]
		if onlyStaffed && len(people) == 0 {
			continue
		}
		team := Team{ID: t.ID, Name: t.Name, People: people}
		for _, p := range people {
			team.Cur.add(p.Cur)
			team.Prev.add(p.Prev)
		}
		if tm := f.teamMedian[t.ID]; tm != nil {
			team.Cur.MedianResolveHours, team.Prev.MedianResolveHours = tm[0], tm[1]
		}
		f.total[0].add(team.Cur)
		f.total[1].add(team.Prev)
		out = append(out, team)
	}
	f.total[0].MedianResolveHours, f.total[1].MedianResolveHours = medians[0], medians[1]
	return out
}
