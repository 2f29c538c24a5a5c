package staff

import (
	"errors"
	"slices"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestDeactivatedMemberIsNotFoundByTelegramID(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if err := b.store.Deactivate(b.ctx, b.mgrA.Actor(), b.salesA.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.ByTelegramID(b.ctx, b.salesA.TelegramID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ByTelegramID after Deactivate = %v, want ErrNotFound", err)
	}
	if m, err := b.store.ByID(b.ctx, b.salesA.ID); err != nil || m.Active {
		t.Errorf("ByID after Deactivate = %+v, %v; want inactive member", m, err)
	}
	if err := b.store.Deactivate(b.ctx, b.mgrA.Actor(), b.salesA.ID); err != nil {
		t.Errorf("second Deactivate = %v, want nil", err)
	}
	if n := b.auditCount(t, "staff", b.salesA.ID, "deactivate"); n != 1 {
		t.Errorf("%d deactivate audit entries, want 1", n)
	}
}

func TestDeactivatedMemberComesBackThroughNewInviteKeepingLanguage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if err := b.store.SetLang(b.ctx, b.salesA.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if err := b.store.Deactivate(b.ctx, b.admin.Actor(), b.salesA.ID); err != nil {
		t.Fatal(err)
	}
	code := b.invite(t, access.Manager, b.teamB.ID)
	m, err := b.store.Redeem(b.ctx, code, TelegramUser{ID: b.salesA.TelegramID, Name: "Back", LanguageCode: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != b.salesA.ID || !m.Active || m.Role != access.Manager || m.TeamID != b.teamB.ID || m.Name != "Back" || m.Lang != "en" {
		t.Errorf("returning member = %+v", m)
	}
	if n := b.auditCount(t, "staff", m.ID, "reactivate"); n != 1 {
		t.Errorf("%d reactivate audit entries, want 1", n)
	}
}

func TestTeamMembersListsActiveMembersOfVisibleTeam(t *testing.T) {
	t.Parallel()
	b := setup(t)
	gone := b.join(t, access.Sales, b.teamA.ID)
	if err := b.store.Deactivate(b.ctx, b.mgrA.Actor(), gone.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		actor  Member
		teamID int64
		want   []int64
		err    error
	}{
		{"sales sees own team, managers first", b.salesA, b.teamA.ID, []int64{b.mgrA.ID, b.salesA.ID}, nil},
		{"admin sees any team", b.admin, b.teamB.ID, []int64{b.mgrB.ID, b.salesB.ID}, nil},
		{"manager does not see other team", b.mgrA, b.teamB.ID, nil, ErrNotFound},
		{"admin asks for unknown team", b.admin, 999999, nil, ErrNotFound},
	}
	for _, c := range cases {
		ms, err := b.store.TeamMembers(b.ctx, c.actor.Actor(), c.teamID)
		if !errors.Is(err, c.err) || (c.err == nil && err != nil) {
			t.Errorf("%s: TeamMembers err = %v, want %v", c.name, err, c.err)
			continue
		}
		if got := ids(ms); !slices.Equal(got, c.want) {
			t.Errorf("%s: TeamMembers = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestManagersAndAdminsListOnlyActiveOnes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	second := b.join(t, access.Manager, b.teamA.ID)
	gone := b.join(t, access.Manager, b.teamA.ID)
	goneAdmin := b.join(t, access.Admin, 0)
	for _, id := range []int64{gone.ID, goneAdmin.ID} {
		if err := b.store.Deactivate(b.ctx, b.admin.Actor(), id); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := b.store.Managers(b.ctx, b.teamA.ID)
	if err != nil || !slices.Equal(ids(ms), []int64{b.mgrA.ID, second.ID}) {
		t.Errorf("Managers = %v, %v; want %v", ids(ms), err, []int64{b.mgrA.ID, second.ID})
	}
	as, err := b.store.Admins(b.ctx)
	if err != nil || !slices.Equal(ids(as), []int64{b.admin.ID}) {
		t.Errorf("Admins = %v, %v; want %v", ids(as), err, []int64{b.admin.ID})
	}
}

func TestSetLangAcceptsOnlyChineseAndEnglish(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		id   int64
		lang string
		want error
	}{
		{b.salesA.ID, "en", nil},
		{b.salesA.ID, "zh", nil},
		{b.salesA.ID, "fr", ErrInvalidLang},
		{b.salesA.ID, "", ErrInvalidLang},
		{999999, "en", ErrNotFound},
	}
	for _, c := range cases {
		err := b.store.SetLang(b.ctx, c.id, c.lang)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("SetLang(%d, %q) = %v, want %v", c.id, c.lang, err, c.want)
			continue
		}
		if c.want == nil {
			if m, _ := b.store.ByID(b.ctx, c.id); m.Lang != c.lang {
				t.Errorf("SetLang(%q): lang is %q", c.lang, m.Lang)
			}
		}
	}
	if n := b.auditCount(t, "staff", b.salesA.ID, "update"); n != 2 {
		t.Errorf("%d lang audit entries, want 2", n)
	}
}

func ids(ms []Member) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
