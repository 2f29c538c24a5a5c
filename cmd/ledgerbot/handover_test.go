package main

import (
	"context"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// handoverTeam is East with a manager and two salespeople, Alice owning two
// clients; Acme has an open complaint assigned to Alice and a visit of hers
// with an open follow-up.
type handoverTeam struct {
	mgr, alice, bob telegramtest.User
	acme, beta      int64
	acmeCard        telegramtest.Message
}

func (h *harness) handoverTeam() handoverTeam {
	h.t.Helper()
	east := h.team("East")
	ht := handoverTeam{
		mgr:   h.join("Boss", access.Manager, east, "en"),
		alice: h.join("Alice", access.Sales, east, "en"),
		bob:   h.join("Bob", access.Sales, east, "en"),
	}
	ht.acmeCard = h.createClient(ht.alice, "Acme Trading")
	ht.acme = clientID(h.t, ht.acmeCard)
	ht.beta = clientID(h.t, h.createClient(ht.alice, "Beta Corp"))
	alice := h.staffID(ht.alice)
	h.exec(`INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, due_on, created_at, updated_at)
		VALUES ($1, $2, $2, 'complaint', 'high', 'late delivery', '2026-11-25', now(), now())`, ht.acme, alice)
	h.exec(`INSERT INTO visits (client_id, author_id, kind, visited_at, follow_up_on, created_at)
		VALUES ($1, $2, 'onsite', now(), '2026-11-24', now())`, ht.acme, alice)
	return ht
}

// exec runs a statement on the test's own connection (setup the bot cannot
// be asked for); archive and merge tests use it too.
func (h *harness) exec(sql string, args ...any) {
	h.t.Helper()
	if _, err := h.pool.Exec(context.Background(), sql, args...); err != nil {
		h.t.Fatalf("%s: %v", sql, err)
	}
}

// holders is who owns client id, holds its feedback and answers for its follow-up.
func (h *harness) holders(id int64) [3]int64 {
	h.t.Helper()
	var out [3]int64
	err := h.pool.QueryRow(context.Background(), `SELECT (SELECT owner_id FROM clients WHERE id = $1),
		coalesce((SELECT assignee_id FROM feedback WHERE client_id = $1), 0),
		coalesce((SELECT coalesce(follow_up_by, author_id) FROM visits WHERE client_id = $1), 0)`, id).Scan(&out[0], &out[1], &out[2])
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func TestManagerHandsOneClientOverFromTheCard(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ht := h.handoverTeam()
	bob := h.staffID(ht.bob)

	card := h.say(ht.mgr, "Acme Trading")
	card = h.press(ht.mgr, card, "Acme Trading")
	m := h.press(ht.mgr, card, "Hand over")
	mustContain(t, m.Text, "Hand over <b>Acme Trading</b>", "owner: Alice", "To whom?")
	if hasButton(m, "Alice") {
		t.Fatal("the owner is offered as the new owner")
	}
	m = h.press(ht.mgr, m, "Bob")
	mustContain(t, m.Text, "New owner: <b>Bob</b>", "Confirm?")
	if got := h.holders(ht.acme); got[0] == bob {
		t.Fatal("moved before Confirm")
	}
	m = h.press(ht.mgr, m, "Confirm")
	mustContain(t, m.Text, "1 clients handed to Bob", "notified")
	if got := h.holders(ht.acme); got != [3]int64{bob, bob, bob} {
		t.Fatalf("holders %v, want Bob %d for all", got, bob)
	}
	if h.holders(ht.beta)[0] == bob {
		t.Fatal("the other client moved too")
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1 AND action = 'handover'`, ht.acme); n != 1 {
		t.Fatalf("%d hand-over audit entries", n)
	}
	n := h.waitMessage(ht.bob, "Clients handed over", "Boss handed you", "Acme Trading", "from Alice", "1 open feedback", "1 follow-ups")
	if !hasButton(n, "Open Acme Trading") {
		t.Fatalf("notice without a card button: %v", n.Inline)
	}
	// Bob sees his new follow-up in /today.
	mustContain(t, h.say(ht.bob, "/today").Text, "Acme Trading")
}

func TestManagerHandsAllClientsOfASalespersonOverFromMembers(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ht := h.handoverTeam()
	bob := h.staffID(ht.bob)
	m := h.say(ht.mgr, "/members")
	mustContain(t, m.Text, "Team members", "Alice", "Bob", "Boss")
	m = h.press(ht.mgr, m, "Alice")
	mustContain(t, m.Text, "2 clients", "1 open feedback", "1 follow-ups")
	m = h.press(ht.mgr, m, "Hand over clients")
	m = h.press(ht.mgr, m, "All clients (2)")
	mustContain(t, m.Text, "Hand over all 2 clients of <b>Alice</b>")
	m = h.press(ht.mgr, m, "Bob")
	m = h.press(ht.mgr, m, "Confirm")
	mustContain(t, m.Text, "2 clients handed to Bob")
	for _, id := range []int64{ht.acme, ht.beta} {
		if got := h.holders(id); got[0] != bob {
			t.Fatalf("client %d holders %v", id, got)
		}
	}
	h.waitMessage(ht.bob, "Acme Trading", "Beta Corp")

	// Choosing one client goes through the list of the owner's clients.
	m = h.press(ht.mgr, h.say(ht.mgr, "/members"), "Bob")
	m = h.press(ht.mgr, m, "Hand over clients")
	m = h.press(ht.mgr, m, "Choose one client")
	mustContain(t, m.Text, "Which of Bob's clients (2 in all)?")
	m = h.press(ht.mgr, m, "Beta Corp")
	m = h.press(ht.mgr, m, "Alice")
	h.press(ht.mgr, m, "Confirm")
	if got := h.holders(ht.beta); got[0] != h.staffID(ht.alice) {
		t.Fatalf("Beta Corp holders %v", got)
	}
}

func TestDeactivatedMemberIsAStrangerAtOnceAndTheirClientsAreHandedOver(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ht := h.handoverTeam()
	bob := h.staffID(ht.bob)
	// Alice opens a card: her old buttons must do nothing afterwards.
	old := h.press(ht.alice, h.say(ht.alice, "Acme Trading"), "Acme Trading")

	m := h.press(ht.mgr, h.say(ht.mgr, "/members"), "Alice")
	m = h.press(ht.mgr, m, "Deactivate and hand over")
	mustContain(t, m.Text, "Deactivate <b>Alice</b>", "lose access at once", "2 clients", "To whom?")
	mustContain(t, m.Text, "1 open feedback")
	m = h.press(ht.mgr, m, "Bob")
	mustContain(t, m.Text, "New owner: <b>Bob</b>")
	m = h.press(ht.mgr, m, "Confirm")
	mustContain(t, m.Text, "Deactivated", "2 clients handed to Bob")

	for _, id := range []int64{ht.acme, ht.beta} {
		if got := h.holders(id); got[0] != bob {
			t.Fatalf("client %d holders %v", id, got)
		}
	}
	if got := h.holders(ht.acme); got != [3]int64{bob, bob, bob} {
		t.Fatalf("Acme holders %v", got)
	}
	// The very next message gets the stranger's answer, no data.
	reply := h.say(ht.alice, "Acme Trading")
	mustContain(t, reply.Text, "private client ledger")
	mustNotContain(t, reply.Text, "Acme Trading")
	// An old button is refused and edits nothing.
	h.pressData(ht.alice, old.ID, button(t, old, "History"))
	if got := h.lastAnswer(); got != "No access." {
		t.Fatalf("old button answered %q", got)
	}
	if now := h.message(ht.alice, old.ID); now.Text != old.Text {
		t.Fatalf("old card edited after deactivation:\n%s", now.Text)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'staff' AND action = 'deactivate'`); n != 1 {
		t.Fatalf("%d deactivate audit entries", n)
	}
	h.waitMessage(ht.bob, "Clients handed over", "Acme Trading", "Beta Corp")
}

func TestDeactivationToTheTeamsManagersSpreadsTheClients(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ht := h.handoverTeam()
	boss2 := h.join("Boss2", access.Manager, h.team("East"), "en")
	m := h.press(ht.mgr, h.say(ht.mgr, "/members"), "Alice")
	m = h.press(ht.mgr, m, "Deactivate and hand over")
	m = h.press(ht.mgr, m, "To the team's managers")
	mustContain(t, m.Text, "the team's managers (clients shared in turn)")
	m = h.press(ht.mgr, m, "Confirm")
	mustContain(t, m.Text, "1 clients handed to Boss.", "1 clients handed to Boss2.")
	if a, b := h.holders(ht.acme)[0], h.holders(ht.beta)[0]; a != h.staffID(ht.mgr) || b != h.staffID(boss2) {
		t.Fatalf("Acme to %d, Beta to %d", a, b)
	}
}

func TestHandOverRightsPerRole(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ht := h.handoverTeam()
	bob := h.staffID(ht.bob)
	alice := h.staffID(ht.alice)
	west := h.team("West")
	other := h.join("Westy", access.Manager, west, "en")
	westSales := h.join("Wendy", access.Sales, west, "en")

	// A salesperson sees no Hand over on the card, no /members, and a forged button does nothing.
	if hasButton(ht.acmeCard, "Hand over") {
		t.Fatal("sales sees Hand over")
	}
	mustContain(t, h.say(ht.alice, "/members").Text, "Only managers and admins")
	h.pressData(ht.alice, ht.acmeCard.ID, callback.HandOverRun{Kind: callback.HandOverClient, Subject: ht.acme, To: bob}.Data())
	mustContain(t, h.lastAnswer(), "You may not make this hand-over")
	h.pressData(ht.alice, ht.acmeCard.ID, callback.HandOverRun{Kind: callback.HandOverDeactivate, Subject: bob, To: alice}.Data())
	mustContain(t, h.lastAnswer(), "You may not make this hand-over")
	// Another team's manager: the client and the people are not theirs.
	h.say(other, "/help")
	last := h.last(other)
	h.pressData(other, last.ID, callback.HandOverRun{Kind: callback.HandOverClient, Subject: ht.acme, To: h.staffID(westSales)}.Data())
	mustContain(t, h.lastAnswer(), "does not exist")
	h.pressData(other, last.ID, callback.HandOverRun{Kind: callback.HandOverAll, Subject: alice, To: h.staffID(westSales)}.Data())
	mustContain(t, h.lastAnswer(), "does not exist")
	h.pressData(other, last.ID, callback.HandOverConfirm{Kind: callback.HandOverClient, Subject: ht.acme, To: h.staffID(westSales)}.Data())
	mustContain(t, h.lastAnswer(), "does not exist")
	// The manager cannot give a client to another team.
	h.pressData(ht.mgr, ht.acmeCard.ID, callback.HandOverRun{Kind: callback.HandOverClient, Subject: ht.acme, To: h.staffID(westSales)}.Data())
	mustContain(t, h.lastAnswer(), "cannot take them over")

	if got := h.holders(ht.acme); got != [3]int64{alice, alice, alice} {
		t.Fatalf("a refused hand-over changed %v", got)
	}
	if n := h.count(`SELECT count(*) FROM staff WHERE active`); n != 5 {
		t.Fatalf("%d active staff, want all 5", n)
	}
	if n := h.count(`SELECT count(*) FROM outbox WHERE kind = 'handover'`); n != 0 {
		t.Fatalf("%d notices after refusals", n)
	}
}

func TestAdminHandsAClientToAnotherTeam(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ht := h.handoverTeam()
	admin := h.join("Root", access.Admin, h.team("East"), "en")
	west := h.team("West")
	wendy := h.join("Wendy", access.Sales, west, "en")
	m := h.press(admin, h.say(admin, "Acme Trading"), "Acme Trading")
	m = h.press(admin, m, "Hand over")
	m = h.press(admin, m, "Another team: West")
	m = h.press(admin, m, "Wendy")
	m = h.press(admin, m, "Confirm")
	mustContain(t, m.Text, "1 clients handed to Wendy")
	if n := h.count(`SELECT count(*) FROM clients WHERE id = $1 AND team_id = $2`, ht.acme, west.ID); n != 1 {
		t.Fatal("the client did not move to West")
	}
	// West's salesperson finds it by search; East's salesperson no longer does.
	if found := h.say(wendy, "Acme"); !hasButton(found, "Acme Trading") {
		t.Fatalf("West does not find it: %s %v", found.Text, found.Inline)
	}
	mustContain(t, h.say(ht.bob, "Acme").Text, "No client matches")
}
