package staff

import (
	"errors"
	"strings"
	"testing"

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
		if err != nil || !equal(got, c.want) {
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
		if tm.Name != strings.TrimSpace(c.team) || !tm.CreatedAt.Equal(b.clock.Now()) {
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
