package feedback

import (
	"cmp"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func TestCreateAssignsClientOwnerAndDefaultDeadline(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA, Kind: Complaint, Severity: High, Body: "  发票开错了  "})
	if f.AssigneeID != b.ownerA.StaffID || f.AuthorID != b.mateA.StaffID {
		t.Fatalf("assignee %d author %d, want owner %d and author %d", f.AssigneeID, f.AuthorID, b.ownerA.StaffID, b.mateA.StaffID)
	}
	if want := date(2027, 3, 11); !f.DueOn.Equal(want) {
		t.Fatalf("due %v, want %v (high complaint: 1 day)", f.DueOn, want)
	}
	if f.Status != Open || f.Overdue || f.ResolvedAt != nil || f.Body != "发票开错了" {
		t.Fatalf("new record = %+v", f)
	}
	if f.ClientName != "华东机械" || f.AssigneeName == "" || f.AuthorName == "" || f.TeamID != b.managerA.TeamID {
		t.Fatalf("names/team not filled: %+v", f)
	}
	entries, err := audit.List(b.ctx, b.pool, "feedback", f.ID, 10)
	if err != nil || len(entries) != 1 || entries[0].Action != "create" || entries[0].ActorID != b.mateA.StaffID {
		t.Fatalf("audit = %+v, %v", entries, err)
	}
}

func TestCreateOnClientWithoutOwnerAssignsActor(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.mateA, Draft{ClientID: b.orphanA, Kind: Praise, Severity: Low})
	if f.AssigneeID != b.mateA.StaffID {
		t.Fatalf("assignee %d, want the actor %d", f.AssigneeID, b.mateA.StaffID)
	}
	if want := b.today().AddDate(0, 0, 7); !f.DueOn.Equal(want) {
		t.Fatalf("due %v, want %v", f.DueOn, want)
	}
}

func TestCreateWithExplicitAssigneeAndDeadline(t *testing.T) {
	t.Parallel()
	b := setup(t)
	due := b.today() // today is allowed
	f := b.create(t, b.ownerA, Draft{ClientID: b.clientA, Kind: Request, Severity: Low, AssigneeID: b.admin.StaffID, DueOn: &due})
	if f.AssigneeID != b.admin.StaffID || !f.DueOn.Equal(due) {
		t.Fatalf("assignee %d due %v, want admin %d due %v", f.AssigneeID, f.DueOn, b.admin.StaffID, due)
	}
}

func TestCreateRefusesInvalidDrafts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	yesterday := b.today().AddDate(0, 0, -1)
	cases := []struct {
		name string
		d    Draft
	}{
		{"assignee from another team", Draft{AssigneeID: b.salesB.StaffID}},
		{"inactive assignee of the team", Draft{AssigneeID: b.inactiveA.StaffID}},
		{"unknown assignee", Draft{AssigneeID: 999999}},
		{"empty body", Draft{Body: " \n "}},
		{"body over 4000 runes", Draft{Body: strings.Repeat("汉", 4001)}},
		{"unknown kind", Draft{Kind: "rumour"}},
		{"unknown severity", Draft{Severity: "urgent"}},
		{"deadline in the past", Draft{DueOn: &yesterday}},
	}
	for _, c := range cases {
		d := c.d
		d.ClientID = b.clientA
		d.Kind = cmp.Or(d.Kind, Complaint)
		d.Severity = cmp.Or(d.Severity, Low)
		d.Body = cmp.Or(d.Body, "质量问题")
		_, _, err := b.store.Create(b.ctx, b.ownerA, d, 0)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", c.name, err)
		}
	}
	var n int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM feedback`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows after refused drafts (%v), want 0", n, err)
	}
	// The limit itself is allowed.
	b.create(t, b.ownerA, Draft{ClientID: b.clientA, Body: strings.Repeat("汉", 4000)})
}

func TestOtherTeamSalesCannotCreateOrSee(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.ownerA, Draft{ClientID: b.clientA})
	if _, _, err := b.store.Create(b.ctx, b.salesB, Draft{ClientID: b.clientA, Kind: Complaint, Severity: Low, Body: "x"}, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("Create on other team's client: %v, want ErrNotFound", err)
	}
	if _, err := b.store.Get(b.ctx, b.salesB, f.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of other team's feedback: %v, want ErrNotFound", err)
	}
	if _, err := b.store.OpenForClient(b.ctx, b.salesB, b.clientA); !errors.Is(err, ErrNotFound) {
		t.Errorf("OpenForClient: %v, want ErrNotFound", err)
	}
	if _, _, err := b.store.ForClient(b.ctx, b.salesB, b.clientA, 10, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("ForClient: %v, want ErrNotFound", err)
	}
	if _, err := b.store.Start(b.ctx, b.salesB, f.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Start: %v, want ErrNotFound", err)
	}
	if _, err := b.store.Get(b.ctx, b.admin, f.ID); err != nil {
		t.Errorf("admin Get: %v", err)
	}
	if _, err := b.store.Get(b.ctx, b.ownerA, 424242); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of missing id: %v, want ErrNotFound", err)
	}
}

func TestCreateIsIdempotentByOriginUpdate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	due := b.today()
	d := Draft{ClientID: b.clientA, Kind: Request, Severity: High, Body: "需要报价", DueOn: &due}
	first, created, err := b.store.Create(b.ctx, b.ownerA, d, 777)
	if err != nil || !created {
		t.Fatalf("first Create: created %v, %v", created, err)
	}
	// Reprocessed two days later, when the deadline in the draft has passed.
	b.setNow(b.today().AddDate(0, 0, 2).Add(4 * time.Hour))
	again, created, err := b.store.Create(b.ctx, b.ownerA, d, 777)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("repeat Create = id %d created %v err %v, want id %d created false", again.ID, created, err, first.ID)
	}
	if !again.Overdue {
		t.Fatalf("repeat returned stale Overdue=false on the moved clock")
	}
	var rows, audits int
	if err := b.pool.QueryRow(b.ctx, `SELECT (SELECT count(*) FROM feedback), (SELECT count(*) FROM audit_log)`).Scan(&rows, &audits); err != nil {
		t.Fatal(err)
	}
	if rows != 1 || audits != 1 {
		t.Fatalf("%d rows and %d audit entries, want 1 and 1", rows, audits)
	}
	if _, _, err := b.store.Create(b.ctx, b.salesB, d, 777); !errors.Is(err, ErrNotFound) {
		t.Fatalf("repeat by someone who cannot see it: %v, want ErrNotFound", err)
	}
}
