package staff

import (
	"errors"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestCreateInviteRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	admin, mgrA, salesA := b.admin.Actor(), b.mgrA.Actor(), b.salesA.Actor()
	cases := []struct {
		name   string
		by     *access.Actor
		role   access.Role
		teamID int64
		want   error
	}{
		{"manager invites sales to own team", &mgrA, access.Sales, b.teamA.ID, nil},
		{"manager invites manager to own team", &mgrA, access.Manager, b.teamA.ID, nil},
		{"manager cannot invite admin", &mgrA, access.Admin, 0, access.ErrForbidden},
		{"manager cannot invite to another team", &mgrA, access.Sales, b.teamB.ID, access.ErrForbidden},
		{"sales cannot invite", &salesA, access.Sales, b.teamA.ID, access.ErrForbidden},
		{"admin invites admin without team", &admin, access.Admin, 0, nil},
		{"admin invites sales to any team", &admin, access.Sales, b.teamB.ID, nil},
		{"operator invites admin", nil, access.Admin, 0, nil},
		{"operator invites manager", nil, access.Manager, b.teamB.ID, nil},
		{"sales invite needs a team", &admin, access.Sales, 0, ErrNotFound},
		{"team must exist", nil, access.Manager, 999999, ErrNotFound},
		{"unknown role", nil, access.Role("root"), 0, ErrInvalidRole},
	}
	for _, c := range cases {
		code, inv, err := b.store.CreateInvite(b.ctx, c.by, c.role, c.teamID)
		if c.want != nil {
			if !errors.Is(err, c.want) || code != "" {
				t.Errorf("%s: CreateInvite = %q, %v; want %v", c.name, code, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: CreateInvite: %v", c.name, err)
			continue
		}
		var wantBy int64
		if c.by != nil {
			wantBy = c.by.StaffID
		}
		if inv.Role != c.role || inv.TeamID != c.teamID || inv.CreatedBy != wantBy {
			t.Errorf("%s: invite = %+v", c.name, inv)
		}
		if n := b.auditCount(t, "invite", inv.ID, "create"); n != 1 {
			t.Errorf("%s: %d audit entries, want 1", c.name, n)
		}
	}
}

func TestGetShowsOwnTeamOrEveryoneToAdmin(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name  string
		actor Member
		id    int64
		want  error
	}{
		{"sales sees teammate", b.salesA, b.mgrA.ID, nil},
		{"manager sees own sales", b.mgrA, b.salesA.ID, nil},
		{"sales does not see other team", b.salesA, b.salesB.ID, ErrNotFound},
		{"manager does not see other team", b.mgrA, b.mgrB.ID, ErrNotFound},
		{"manager does not see teamless admin", b.mgrA, b.admin.ID, ErrNotFound},
		{"admin sees any team", b.admin, b.salesB.ID, nil},
		{"unknown id", b.admin, 999999, ErrNotFound},
	}
	for _, c := range cases {
		m, err := b.store.Get(b.ctx, c.actor.Actor(), c.id)
		if !errors.Is(err, c.want) || (c.want == nil && (err != nil || m.ID != c.id)) {
			t.Errorf("%s: Get = %+v, %v; want %v", c.name, m, err, c.want)
		}
	}
}

func TestDeactivateRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name   string
		actor  Member
		target Member
		want   error
	}{
		{"sales cannot deactivate teammate", b.salesA, b.join(t, access.Sales, b.teamA.ID), access.ErrForbidden},
		{"manager cannot deactivate fellow manager", b.mgrA, b.join(t, access.Manager, b.teamA.ID), access.ErrForbidden},
		{"manager does not see other team's sales", b.mgrA, b.salesB, ErrNotFound},
		{"admin cannot deactivate self", b.admin, b.admin, access.ErrForbidden},
		{"manager deactivates own sales", b.mgrA, b.join(t, access.Sales, b.teamA.ID), nil},
		{"admin deactivates other team's manager", b.admin, b.join(t, access.Manager, b.teamB.ID), nil},
	}
	for _, c := range cases {
		err := b.store.Deactivate(b.ctx, c.actor.Actor(), c.target.ID)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: Deactivate = %v, want %v", c.name, err, c.want)
		}
		_, err = b.store.ByTelegramID(b.ctx, c.target.TelegramID)
		if gone := errors.Is(err, ErrNotFound); gone != (c.want == nil) {
			t.Errorf("%s: after Deactivate, ByTelegramID = %v", c.name, err)
		}
		wantAudit := 0
		if c.want == nil {
			wantAudit = 1
		}
		if n := b.auditCount(t, "staff", c.target.ID, "deactivate"); n != wantAudit {
			t.Errorf("%s: %d audit entries, want %d", c.name, n, wantAudit)
		}
	}
	if err := b.store.Deactivate(b.ctx, b.admin.Actor(), 999999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Deactivate(unknown) = %v, want ErrNotFound", err)
	}
}
