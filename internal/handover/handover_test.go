package handover_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/handover"
)

func TestClientMovesWithItsOpenItemsAndTheNewOwnerIsTold(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.client(t, b.sales, "华为科技")
	res, err := b.store.Client(b.ctx, b.mgr, id, b.sales2.StaffID, 77)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Moved) != 1 || res.Clients() != 1 || res.Names[b.sales2.StaffID] != "Sales2" {
		t.Fatalf("result %+v", res)
	}
	m := res.Moved[0]
	if m.Feedback != 1 || m.FollowUps != 1 || m.Reviews != 1 || m.Winbacks != 1 {
		t.Fatalf("moved %+v, want one of each", m)
	}
	if got := b.holders(t, id); got != all(b.sales2.StaffID) {
		t.Fatalf("holders %v, want all %d", got, b.sales2.StaffID)
	}
	// The visit is still the old owner's own record.
	if n := b.count(t, `SELECT count(*) FROM visits WHERE client_id = $1 AND author_id = $2`, id, b.sales.StaffID); n != 1 {
		t.Fatal("the visit's author changed")
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1 AND action = 'handover'
		AND (changes -> 'owner_id' ->> 'from')::bigint = $2 AND (changes -> 'owner_id' ->> 'to')::bigint = $3`, id, b.sales.StaffID, b.sales2.StaffID); n != 1 {
		t.Fatalf("%d hand-over audit entries, want 1", n)
	}
	var text, key string
	if err := b.db.QueryRow(b.ctx, `SELECT text, dedup_key FROM outbox WHERE staff_id = $1`, b.sales2.StaffID).Scan(&text, &key); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "华为科技") || !strings.Contains(text, "Mgr") || key != "handover:u77:to:"+itoa(b.sales2.StaffID)+":1" {
		t.Fatalf("notice %q key %q", text, key)
	}
	// Handing it to its owner again is refused and changes nothing.
	if _, err := b.store.Client(b.ctx, b.mgr, id, b.sales2.StaffID, 78); !errors.Is(err, handover.ErrAlreadyOwner) {
		t.Fatalf("again: %v", err)
	}
}

func TestAllClientsOfASalespersonMove(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ids := []int64{b.client(t, b.sales, "甲公司"), b.client(t, b.sales, "乙公司"), b.client(t, b.sales, "丙公司")}
	other := b.client(t, b.sales2, "丁公司")
	res, err := b.store.All(b.ctx, b.mgr, b.sales.StaffID, b.mgr2.StaffID, 9)
	if err != nil {
		t.Fatal(err)
	}
	if res.Clients() != 3 {
		t.Fatalf("moved %d clients, want 3", res.Clients())
	}
	for _, id := range ids {
		if got := b.holders(t, id); got != all(b.mgr2.StaffID) {
			t.Fatalf("client %d holders %v", id, got)
		}
	}
	if got := b.holders(t, other); got != all(b.sales2.StaffID) {
		t.Fatalf("someone else's client moved: %v", got)
	}
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE staff_id = $1 AND kind = 'handover'`, b.mgr2.StaffID); n != 1 {
		t.Fatalf("%d notices, want one listing all three", n)
	}
}

func TestRightsOfHandOver(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.client(t, b.sales, "华为科技")
	cases := []struct {
		name  string
		actor access.Actor
		to    int64
		want  error
	}{
		{"sales cannot hand over", b.sales, b.sales2.StaffID, access.ErrForbidden},
		{"another team's manager does not see it", b.mgrW, b.salesW.StaffID, handover.ErrNotFound},
		{"manager cannot give it to another team", b.mgr, b.salesW.StaffID, handover.ErrReceiver},
		{"nobody receives for an admin without a team", b.admin, b.admin.StaffID, handover.ErrReceiver},
	}
	for _, c := range cases {
		if _, err := b.store.Client(b.ctx, c.actor, id, c.to, 0); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := b.store.All(b.ctx, b.mgr, b.mgr2.StaffID, b.sales.StaffID, 0); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("manager hands over a fellow manager's clients: %v", err)
	}
	if got := b.holders(t, id); got != all(b.sales.StaffID) {
		t.Fatalf("a refused hand-over changed %v", got)
	}
}

func TestAdminMovesAClientToAnotherTeamWithItsSearchTerms(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.client(t, b.sales, "华为科技")
	// A teammate's open follow-up cannot stay with someone outside the new team.
	b.exec(t, `INSERT INTO visits (client_id, author_id, kind, visited_at, follow_up_on, created_at)
		VALUES ($1, $2, 'phone', now(), '2026-11-30', now())`, id, b.sales2.StaffID)
	res, err := b.store.Client(b.ctx, b.admin, id, b.salesW.StaffID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Moved[0].FollowUps != 2 || res.Moved[0].ToTeam != b.west {
		t.Fatalf("moved %+v", res.Moved[0])
	}
	if n := b.count(t, `SELECT count(*) FROM client_terms WHERE client_id = $1 AND team_id <> $2`, id, b.west); n != 0 {
		t.Fatalf("%d search terms left in the old team", n)
	}
	if n := b.count(t, `SELECT count(*) FROM churn_episodes WHERE client_id = $1 AND team_id = $2`, id, b.west); n != 1 {
		t.Fatal("churn episode did not follow the client")
	}
	found, err := b.clients.Search(b.ctx, b.salesW, "华为", 5)
	if err != nil || len(found) != 1 {
		t.Fatalf("new team's search: %v %v", found, err)
	}
	if found, _ := b.clients.Search(b.ctx, b.sales, "华为", 5); len(found) != 0 {
		t.Fatalf("old team still finds it: %v", found)
	}
}

func TestDeactivateHandsEverythingOverInOneStep(t *testing.T) {
	t.Parallel()
	b := setup(t)
	a, c := b.client(t, b.sales, "甲公司"), b.client(t, b.sales, "乙公司")
	// Feedback assigned to the leaver on a teammate's client goes to that client's owner.
	theirs := b.client(t, b.sales2, "丙公司")
	b.exec(t, `UPDATE feedback SET assignee_id = $2 WHERE client_id = $1`, theirs, b.sales.StaffID)

	if _, err := b.store.Deactivate(b.ctx, b.mgr, b.sales.StaffID, handover.Receiver{}, 0); !errors.Is(err, handover.ErrNoReceiver) {
		t.Fatalf("without a receiver: %v", err)
	}
	if n := b.count(t, `SELECT count(*) FROM staff WHERE id = $1 AND active`, b.sales.StaffID); n != 1 {
		t.Fatal("a refused deactivation deactivated")
	}
	res, err := b.store.Deactivate(b.ctx, b.mgr, b.sales.StaffID, handover.Receiver{Managers: true}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Deactivated || res.Clients() != 2 {
		t.Fatalf("result %+v", res)
	}
	// Spread over the two managers in turn, by client id.
	if got := b.holders(t, a); got != all(b.mgr.StaffID) {
		t.Fatalf("first client %v", got)
	}
	if got := b.holders(t, c); got != all(b.mgr2.StaffID) {
		t.Fatalf("second client %v", got)
	}
	if h := b.holders(t, theirs); h[1] != b.sales2.StaffID {
		t.Fatalf("feedback on a teammate's client went to %d", h[1])
	}
	if n := b.count(t, `SELECT count(*) FROM staff WHERE id = $1 AND active`, b.sales.StaffID); n != 0 {
		t.Fatal("still active")
	}
	// The actor (mgr) is not notified of what they did; mgr2 is, and sales2 of the feedback.
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE kind = 'handover' AND staff_id = $1`, b.mgr.StaffID); n != 0 {
		t.Fatal("the actor was notified")
	}
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE kind = 'handover' AND staff_id IN ($1, $2)`, b.mgr2.StaffID, b.sales2.StaffID); n != 2 {
		t.Fatalf("%d notices, want 2", n)
	}
}

func TestDeactivateToAColleagueAndRights(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.client(t, b.sales, "甲公司")
	if _, err := b.store.Deactivate(b.ctx, b.sales2, b.sales.StaffID, handover.Receiver{StaffID: b.sales2.StaffID}, 0); !errors.Is(err, access.ErrForbidden) {
		t.Fatalf("sales deactivates: %v", err)
	}
	if _, err := b.store.Deactivate(b.ctx, b.mgrW, b.sales.StaffID, handover.Receiver{StaffID: b.salesW.StaffID}, 0); !errors.Is(err, handover.ErrNotFound) {
		t.Fatalf("other team's manager: %v", err)
	}
	if _, err := b.store.Deactivate(b.ctx, b.mgr, b.sales.StaffID, handover.Receiver{StaffID: b.sales.StaffID}, 0); !errors.Is(err, handover.ErrReceiver) {
		t.Fatalf("to themselves: %v", err)
	}
	if _, err := b.store.Deactivate(b.ctx, b.mgr, b.sales.StaffID, handover.Receiver{StaffID: b.sales2.StaffID}, 0); err != nil {
		t.Fatal(err)
	}
	if got := b.holders(t, id); got != all(b.sales2.StaffID) {
		t.Fatalf("holders %v", got)
	}
}

func TestHoldingsCountsWhatAPersonHolds(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.client(t, b.sales, "甲公司")
	b.client(t, b.sales, "乙公司")
	h, err := b.store.Holdings(b.ctx, b.mgr, b.sales.StaffID)
	if err != nil || h != (handover.Holdings{Clients: 2, Feedback: 2, FollowUps: 2, Winbacks: 2}) {
		t.Fatalf("holdings %+v %v", h, err)
	}
	if _, err := b.store.Holdings(b.ctx, b.mgrW, b.sales.StaffID); !errors.Is(err, handover.ErrNotFound) {
		t.Fatalf("other team: %v", err)
	}
}
