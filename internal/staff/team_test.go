package staff

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestTeamsPerRole(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name  string
		actor Member
		want  []int64
	}{
		{"admin sees all teams by name", b.admin, []int64{b.teamA.ID, b.teamB.ID}},
		{"manager sees own team", b.mgrB, []int64{b.teamB.ID}},
		{"sales sees own team", b.salesA, []int64{b.teamA.ID}},
	}
	for _, c := range cases {
		ts, err := b.store.Teams(b.ctx, c.actor.Actor())
		got := make([]int64, len(ts))
		for i, tm := range ts {
			got[i] = tm.ID
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: Teams = %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	if ts, err := b.store.Teams(b.ctx, access.Actor{}); err != nil || len(ts) != 0 {
		t.Errorf("zero actor: Teams = %v, %v; want none", ts, err)
	}
}

func TestCreateTeamRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name  string
		actor Member
		team  string
		want  error
	}{
		{"admin creates team", b.admin, "  North  ", nil},
		{"name taken in another case", b.admin, "EAST", ErrTeamExists},
		{"manager may not create", b.mgrA, "South", access.ErrForbidden},
		{"sales may not create", b.salesA, "South", access.ErrForbidden},
		{"blank name", b.admin, "   ", ErrInvalidName},
		{"name too long", b.admin, strings.Repeat("队", 101), ErrInvalidName},
		{"zero-width only name", b.admin, "\u200b\ufeff", ErrInvalid},
		{"name with NUL", b.admin, "No\x00rth", ErrInvalid},
		{"name with another control character", b.admin, "No\u0091rth", ErrInvalid},
		{"name of punctuation only", b.admin, "---", ErrInvalid},
	}
	for _, c := range cases {
		tm, err := b.store.CreateTeam(b.ctx, c.actor.Actor(), c.team)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: CreateTeam = %+v, %v; want %v", c.name, tm, err, c.want)
			continue
		}
		if c.want != nil {
			continue
		}
		if want, _ := CheckTeamName(c.team); tm.Name != want || tm.Name != strings.TrimSpace(c.team) || !tm.CreatedAt.Equal(b.clock.Now()) {
			t.Errorf("%s: team = %+v", c.name, tm)
		}
		if n := b.auditCount(t, "team", tm.ID, "create"); n != 1 {
			t.Errorf("%s: %d audit entries, want 1", c.name, n)
		}
	}
}

func TestEnsureTeamAndTeamByNameIgnoreCase(t *testing.T) {
	t.Parallel()
	b := setup(t)
	again, err := b.store.EnsureTeam(b.ctx, " east ")
	if err != nil || again != b.teamA {
		t.Errorf("EnsureTeam(existing) = %+v, %v; want %+v", again, err, b.teamA)
	}
	if n := b.auditCount(t, "team", b.teamA.ID, "create"); n != 1 {
		t.Errorf("%d create audit entries after EnsureTeam twice, want 1", n)
	}
	if tm, err := b.store.TeamByName(b.ctx, "WEST "); err != nil || tm != b.teamB {
		t.Errorf("TeamByName(WEST) = %+v, %v; want %+v", tm, err, b.teamB)
	}
	if _, err := b.store.TeamByName(b.ctx, "Nowhere"); !errors.Is(err, ErrNotFound) {
		t.Errorf("TeamByName(unknown) = %v, want ErrNotFound", err)
	}
}

func TestEnsureTeamRefusesUnstorableNamesWithErrInvalid(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, name := range []string{"\u200b", "\u200b \ufeff", "Ea\x00st", "East\x00", "\x00", "South\tEast\x07"} {
		tm, err := b.store.EnsureTeam(b.ctx, name)
		var pgErr *pgconn.PgError
		if !errors.Is(err, ErrInvalid) || !errors.Is(err, ErrInvalidName) || errors.As(err, &pgErr) {
			t.Errorf("EnsureTeam(%q) = %+v, %v; want ErrInvalidName (ErrInvalid), no PostgreSQL error", name, tm, err)
		}
	}
	var n int
	if err := b.db.QueryRow(b.ctx, `SELECT count(*) FROM teams`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d teams after refused names (%v), want the bundle's 2", n, err)
	}
}

func TestEnsureTeamFindsATeamUnderInvisibleEnds(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// What was pasted with a zero-width space is the team already there,
	// not a second "East" that looks the same.
	tm, err := b.store.EnsureTeam(b.ctx, "\u200bEAST\ufeff")
	if err != nil || tm != b.teamA {
		t.Errorf("EnsureTeam(zero-width EAST) = %+v, %v; want %+v", tm, err, b.teamA)
	}
	if tm, err := b.store.TeamByName(b.ctx, "west\u200b"); err != nil || tm != b.teamB {
		t.Errorf("TeamByName(west+ZWSP) = %+v, %v; want %+v", tm, err, b.teamB)
	}
	if _, err := b.store.TeamByName(b.ctx, "We\x00st"); !errors.Is(err, ErrNotFound) {
		t.Errorf("TeamByName(with NUL) = %v, want ErrNotFound", err)
	}
}
