package client

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func TestCreatePlacesClientByRole(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name              string
		actor             access.Actor
		draft             Draft
		wantTeam, wantOwn int64
		wantErr           error
	}{
		{"sales owns what they create, whatever owner they ask for", b.salesA,
			Draft{Name: "甲", OwnerID: b.salesA2.StaffID, TeamID: b.teamB}, b.teamA, b.salesA.StaffID, nil},
		{"manager picks a member of the team", b.mgrA,
			Draft{Name: "乙", OwnerID: b.salesA2.StaffID}, b.teamA, b.salesA2.StaffID, nil},
		{"manager owns by default", b.mgrA, Draft{Name: "丙"}, b.teamA, b.mgrA.StaffID, nil},
		{"manager cannot give a client to another team's member", b.mgrA,
			Draft{Name: "丁", OwnerID: b.sales.StaffID}, 0, 0, ErrInvalid},
		{"manager cannot create in another team", b.mgrA,
			Draft{Name: "戊", TeamID: b.teamB}, 0, 0, access.ErrForbidden},
		{"admin without a team must name one", b.admin, Draft{Name: "己"}, 0, 0, ErrInvalid},
		{"admin creates in any team for its member", b.admin,
			Draft{Name: "庚", TeamID: b.teamB, OwnerID: b.sales.StaffID}, b.teamB, b.sales.StaffID, nil},
		{"admin may own a client in a team", b.admin, Draft{Name: "辛", TeamID: b.teamA}, b.teamA, b.admin.StaffID, nil},
		{"admin cannot use a missing team", b.admin, Draft{Name: "壬", TeamID: 9999}, 0, 0, ErrInvalid},
		{"unknown staff is no owner", b.admin,
			Draft{Name: "癸", TeamID: b.teamA, OwnerID: 9999}, 0, 0, ErrInvalid},
	}
	for _, c := range cases {
		got, created, err := b.store.Create(b.ctx, c.actor, c.draft, 0)
		if c.wantErr != nil {
			if !errors.Is(err, c.wantErr) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.wantErr)
			}
			continue
		}
		if err != nil || !created {
			t.Errorf("%s: created=%v err=%v", c.name, created, err)
			continue
		}
		if got.TeamID != c.wantTeam || got.OwnerID != c.wantOwn {
			t.Errorf("%s: team %d owner %d, want team %d owner %d", c.name, got.TeamID, got.OwnerID, c.wantTeam, c.wantOwn)
		}
	}
}

func TestCreateValidatesFields(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name  string
		draft Draft
	}{
		{"empty name", Draft{Name: "  "}},
		{"name of punctuation only", Draft{Name: "（）——"}},
		{"name too long", Draft{Name: stringOf('名', 201)}},
		{"unknown size", Draft{Name: "A", Size: "huge"}},
		{"unknown tier", Draft{Name: "A", Tier: "vip"}},
		{"unknown stage", Draft{Name: "A", Stage: "lost"}},
		{"industry too long", Draft{Name: "A", Industry: stringOf('x', 101)}},
		{"needs too long", Draft{Name: "A", Needs: stringOf('x', 2001)}},
		{"contact without name", Draft{Name: "A", Contact: &ContactDraft{Phone: "13800138000"}}},
		{"phone with letters", Draft{Name: "A", Contact: &ContactDraft{Name: "张三", Phone: "138abc"}}},
		{"phone too short", Draft{Name: "A", Contact: &ContactDraft{Name: "张三", Phone: "123"}}},
		{"email without domain", Draft{Name: "A", Contact: &ContactDraft{Name: "张三", Email: "zhang@"}}},
	}
	for _, c := range cases {
		_, _, err := b.store.Create(b.ctx, b.salesA, c.draft, 0)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", c.name, err)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM clients`); n != 0 {
		t.Fatalf("%d clients written by invalid drafts", n)
	}
}

func stringOf(r rune, n int) string {
	rs := make([]rune, n)
	for i := range rs {
		rs[i] = r
	}
	return string(rs)
}

func TestCreateSetsDefaultsAndReviewDate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "  华为科技有限公司 ", Tier: "Strategic", Size: "large"})
	if c.Name != "华为科技有限公司" || c.Tier != "strategic" || c.Stage != "potential" || c.Size != "large" {
		t.Fatalf("got %+v", c)
	}
	// 2026-03-10 in Shanghai plus 30 days for a strategic client.
	want := time.Date(2026, 4, 9, 0, 0, 0, 0, time.UTC)
	if c.NextReviewOn == nil || !c.NextReviewOn.Equal(want) {
		t.Fatalf("next review %v, want %v", c.NextReviewOn, want)
	}
	if c.OwnerName != "Sales A" || c.TeamName != "East" || !c.CreatedAt.Equal(b.now) {
		t.Fatalf("owner %q team %q created %v", c.OwnerName, c.TeamName, c.CreatedAt)
	}
	n := b.create(t, b.salesA, Draft{Name: "普通"})
	if n.Tier != "normal" || !n.NextReviewOn.Equal(time.Date(2026, 6, 8, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("normal client: tier %q review %v", n.Tier, n.NextReviewOn)
	}
}

func TestCreateWritesClientContactAndAuditInOneGo(t *testing.T) {
	t.Parallel()
	b := setup(t)
	birthday := time.Date(1980, 5, 4, 15, 0, 0, 0, time.UTC)
	c := b.create(t, b.salesA, Draft{Name: "华为科技有限公司", Contact: &ContactDraft{
		Name: "张伟", Phone: "+86 138-0013-8000", Birthday: &birthday, GreetingOptIn: true}})
	contacts, err := b.store.Contacts(b.ctx, b.salesA, c.ID)
	if err != nil || len(contacts) != 1 {
		t.Fatalf("contacts %v, %v", contacts, err)
	}
	k := contacts[0]
	if !k.IsPrimary || !k.GreetingOptIn || !k.Birthday.Equal(time.Date(1980, 5, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("contact %+v", k)
	}
	if d := b.count(t, `SELECT count(*) FROM contacts WHERE phone_digits = '8613800138000'`); d != 1 {
		t.Fatalf("phone digits not stored")
	}
	entries, err := audit.List(b.ctx, b.pool, "client", c.ID, 10)
	if err != nil || len(entries) != 1 || entries[0].Action != "create" || entries[0].ActorID != b.salesA.StaffID ||
		entries[0].Changes["name"] != "华为科技有限公司" {
		t.Fatalf("client audit %+v, %v", entries, err)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'contact' AND entity_id = $1`, k.ID); n != 1 {
		t.Fatalf("%d contact audit entries, want 1", n)
	}
	if n := b.count(t, `SELECT count(*) FROM client_terms WHERE client_id = $1`, c.ID); n == 0 {
		t.Fatal("no search terms written")
	}
}

func TestCreateWithTheSameUpdateReturnsTheFirstClient(t *testing.T) {
	t.Parallel()
	b := setup(t)
	d := Draft{Name: "Acme Trading", Contact: &ContactDraft{Name: "John"}}
	first, created, err := b.store.Create(b.ctx, b.salesA, d, 777)
	if err != nil || !created {
		t.Fatalf("first: %v %v", created, err)
	}
	again, created, err := b.store.Create(b.ctx, b.salesA, d, 777)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("repeat: id %d created %v err %v, want id %d not created", again.ID, created, err, first.ID)
	}
	if n := b.count(t, `SELECT count(*) FROM clients`); n != 1 {
		t.Fatalf("%d clients, want 1", n)
	}
	if n := b.count(t, `SELECT count(*) FROM contacts`); n != 1 {
		t.Fatalf("%d contacts, want 1", n)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client'`); n != 1 {
		t.Fatalf("%d audit entries, want 1", n)
	}
}
