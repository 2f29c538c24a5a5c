package report

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/export"
)

// ErrNoTeam is returned for a team that does not exist.
var ErrNoTeam = errors.New("no such team")

// ErrInvalid is wrapped by the errors of a period a report cannot cover:
// empty, ending before it starts, or longer than MaxDays.
var ErrInvalid = errors.New("invalid report period")

// Report is the 考核 of one team, or of every team, for a period.
type Report struct {
	// TeamID is the team reported on; 0 for every team (admins).
	TeamID int64
	// Period is the days reported on, Previous the days compared with.
	Period, Previous export.Period
	// AsOf is the instant states (overdue feedback, stages) are read at:
	// the period's end, or when the report was made if the period is not
	// over.
	AsOf time.Time
	// Teams are the teams reported on, by name; for every team, only those
	// with someone in the report.
	Teams []Team
	// Cur and Prev are the totals of every team for the period and the
	// previous one (for one team, that team's).
	Cur, Prev Figures
}

// team returns the report of one of r's teams alone, as Build would make
// it for that team.
func (r Report) team(t Team) Report {
	return Report{TeamID: t.ID, Period: r.Period, Previous: r.Previous, AsOf: r.AsOf, Teams: []Team{t}, Cur: t.Cur, Prev: t.Prev}
}

// Team is one team's people and totals.
type Team struct {
	ID   int64
	Name string
	// People are the team's salespeople (by name), then its managers who
	// sell; the package documentation says who is in.
	People []Person
	// Cur and Prev are the sums over People, and the pooled median.
	Cur, Prev Figures
}

// Person is one salesperson's (or selling manager's) figures.
type Person struct {
	StaffID int64
	Name    string
	Role    access.Role
	Cur     Figures
	Prev    Figures
}

// Store builds reports.
type Store struct {
	db  *pgxpool.Pool
	loc *time.Location
	now func() time.Time
}

// New returns a Store reading db. loc is the teams' zone (nil: UTC), in which
// a period's days begin; now is the clock (nil: time.Now).
func New(db *pgxpool.Pool, loc *time.Location, now func() time.Time) *Store {
	if loc == nil {
		loc = time.UTC
	}
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, loc: loc, now: now}
}

// Today is today's date in the Store's zone, for the period helpers.
func (s *Store) Today() time.Time { return dates.Today(s.now(), s.loc) }

// Build makes the report of team teamID for period p as the actor may see
// it: a manager their own team (teamID 0 or theirs), an admin any team or,
// with teamID 0, every team. Salespeople, and managers asking for another
// team, get access.ErrForbidden; a team that does not exist is ErrNoTeam;
// a period it cannot cover wraps ErrInvalid.
func (s *Store) Build(ctx context.Context, actor access.Actor, teamID int64, p export.Period) (Report, error) {
	switch actor.Role {
	case access.Admin:
	case access.Manager:
		if actor.TeamID == 0 || (teamID != 0 && teamID != actor.TeamID) {
			return Report{}, fmt.Errorf("report of team %d: %w", teamID, access.ErrForbidden)
		}
		teamID = actor.TeamID
	default:
		return Report{}, fmt.Errorf("report as %q: %w", actor.Role, access.ErrForbidden)
	}
	if err := Check(p); err != nil {
		return Report{}, err
	}
	return s.build(ctx, teamID, p, s.now(), false)
}

// Check refuses a period a report cannot cover, wrapping ErrInvalid: the
// chat calls it on a typed range before it asks for the report.
func Check(p export.Period) error {
	switch {
	case p.IsZero():
		return fmt.Errorf("report period: empty: %w", ErrInvalid)
	case p.To.Before(p.From):
		return fmt.Errorf("report period %s: ends before it starts: %w", p, ErrInvalid)
	case p.Days() > MaxDays:
		return fmt.Errorf("report period %s: longer than %d days: %w", p, MaxDays, ErrInvalid)
	}
	return nil
}

// build reads the report of teamID (0: every team) for p as of now, in one
// read-only snapshot so that its figures agree with each other. The report
// of every team leaves out teams with nobody in it unless keepEmpty.
func (s *Store) build(ctx context.Context, teamID int64, p export.Period, now time.Time, keepEmpty bool) (Report, error) {
	w := newWindow(p, s.loc, now)
	r := Report{TeamID: teamID, Period: p, Previous: Previous(p), AsOf: w.asOf.In(s.loc)}
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		teams, err := readTeams(ctx, tx, teamID)
		if err != nil {
			return err
		}
		if teamID != 0 && len(teams) == 0 {
			return ErrNoTeam
		}
		people, err := readPeople(ctx, tx, teams, w)
		if err != nil {
			return err
		}
		f := newFill(people)
		if err := f.read(ctx, tx, w, teamID == 0); err != nil {
			return err
		}
		r.Teams = f.assemble(teams, teamID == 0 && !keepEmpty)
		r.Cur, r.Prev = f.total[0], f.total[1]
		return nil
	})
	if err != nil {
		return Report{}, fmt.Errorf("report of team %d for %s: %w", teamID, p, err)
	}
	return r, nil
}
