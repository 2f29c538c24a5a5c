package report

import (
	"errors"
	"slices"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/export"
)

// TestEachRoleSeesOnlyWhatItMay: managers their own team (naming it or
// not), admins any team or all; salespeople nothing; a team that does not
// exist is told apart only for admins, who may see any.
func TestEachRoleSeesOnlyWhatItMay(t *testing.T) {
	t.Parallel()
	b := setup(t, sh(2026, 6, 1, 9, 0, 0))
	a, other := b.team(t, "华东销售部"), b.team(t, "华南销售部")
	manager := b.person(t, access.Manager, a, "王经理", "zh", true)
	sales := b.person(t, access.Sales, a, "张伟", "zh", true)
	b.person(t, access.Sales, other, "孙南", "zh", true)
	admin := b.person(t, access.Admin, 0, "管理员", "zh", true)

	asManager := access.Actor{StaffID: manager, Role: access.Manager, TeamID: a}
	asAdmin := access.Actor{StaffID: admin, Role: access.Admin}
	cases := []struct {
		name  string
		actor access.Actor
		team  int64
		err   error
		teams []int64 // the teams reported on, when allowed
	}{
		{"a manager, their team by default", asManager, 0, nil, []int64{a}},
		{"a manager, their team by name", asManager, a, nil, []int64{a}},
		{"a manager, another team", asManager, other, access.ErrForbidden, nil},
		{"a manager without a team", access.Actor{StaffID: manager, Role: access.Manager}, 0, access.ErrForbidden, nil},
		{"a salesperson, their team", access.Actor{StaffID: sales, Role: access.Sales, TeamID: a}, a, access.ErrForbidden, nil},
		{"a salesperson, by default", access.Actor{StaffID: sales, Role: access.Sales, TeamID: a}, 0, access.ErrForbidden, nil},
		{"no role", access.Actor{StaffID: sales}, a, access.ErrForbidden, nil},
		{"an admin, any team", asAdmin, other, nil, []int64{other}},
		{"an admin, every team", asAdmin, 0, nil, []int64{a, other}},
		{"an admin, a team that does not exist", asAdmin, other + 100, ErrNoTeam, nil},
	}
	for _, c := range cases {
		r, err := b.store.Build(b.ctx, c.actor, c.team, may2026)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var got []int64
		for _, tm := range r.Teams {
			got = append(got, tm.ID)
		}
		if !slices.Equal(got, c.teams) {
			t.Errorf("%s: teams %v, want %v", c.name, got, c.teams)
		}
	}
	if _, err := b.store.Build(b.ctx, asManager, 0, export.Period{From: day(2026, 5, 2), To: day(2026, 5, 1)}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a period ending before it starts: %v, want ErrInvalid", err)
	}
}
