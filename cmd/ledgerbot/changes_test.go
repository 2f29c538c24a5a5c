package main

import (
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
)

func TestClientChangesShowFieldOldToNewAndPaginate(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	boss := h.join("Boss", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	card := h.createClient(alice, "Acme Trading")
	id := clientID(t, card)

	m := h.press(alice, card, "Edit")
	h.press(alice, m, "Industry")
	h.say(alice, "Logistics")
	m = h.press(alice, h.last(alice), "Changes")
	mustContain(t, m.Text, "Acme Trading</b> · changes (2)", "<b>2026-11-23 09:30</b> Alice", "Industry: — → Logistics",
		"Created the client “Acme Trading”")

	// A hand-over reads as one.
	mgrCard := h.press(boss, h.say(boss, "Acme Trading"), "Acme Trading")
	h.press(boss, h.press(boss, h.press(boss, mgrCard, "Hand over"), "Bob"), "Confirm")
	m = h.press(bob, h.press(bob, h.say(bob, "Acme Trading"), "Acme Trading"), "Changes")
	mustContain(t, m.Text, "Boss", "Handed over: owner Alice → Bob")

	// Twelve more changes: ten a page, newest first.
	for i := 0; i < 12; i++ {
		h.exec(`INSERT INTO audit_log (actor_id, entity, entity_id, action, changes, at)
			VALUES ((SELECT id FROM staff WHERE name = 'Bob'), 'client', $1, 'update', '{"tier": {"from": "normal", "to": "key"}}', now())`, id)
	}
	m = h.press(bob, m, "Back to card")
	m = h.press(bob, m, "Changes")
	mustContain(t, m.Text, "changes (15)", "Tier: ")
	mustNotContain(t, m.Text, "Created the client")
	m = h.press(bob, m, "Older")
	mustContain(t, m.Text, "Created the client “Acme Trading”", "Handed over")
	m = h.press(bob, m, "Newer")
	mustNotContain(t, m.Text, "Created the client")
}

func TestChangesAreNothingForAnotherTeamAndAdminsSeeAPersonsChanges(t *testing.T) {
	t.Parallel()
	h := setup(t)
	alice := h.join("Alice", access.Sales, h.team("East"), "en")
	wendy := h.join("Wendy", access.Manager, h.team("West"), "en")
	admin := h.join("Root", access.Admin, h.team("East"), "en")
	card := h.createClient(alice, "Acme Trading")
	id := clientID(t, card)

	h.say(wendy, "/help")
	last := h.last(wendy)
	h.pressData(wendy, last.ID, callback.Changes{Client: id}.Data())
	mustContain(t, h.lastAnswer(), "does not exist")
	if now := h.message(wendy, last.ID); now.Text != last.Text {
		t.Fatalf("another team's manager got a screen:\n%s", now.Text)
	}
	h.pressData(alice, card.ID, callback.StaffChanges{Staff: h.staffID(alice)}.Data())
	mustContain(t, h.lastAnswer(), "Only admins")

	m := h.say(admin, "/changes")
	m = h.press(admin, m, "East")
	m = h.press(admin, m, "Alice")
	m = h.press(admin, m, "Changes")
	mustContain(t, m.Text, "Changes by <b>Alice</b>", "Acme Trading", "Created the client")
}

// TestPersonsChangesNameDealsWithTheirDueDateAndPayments: a deal with a due
// date and a payment against it read as such in an admin's view of what a
// person changed, not as a bare "payment · deal".
func TestPersonsChangesNameDealsWithTheirDueDateAndPayments(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	admin := h.join("Root", access.Admin, east, "zh")
	card := h.createClient(alice, "Acme Trading")
	h.press(alice, card, "Add deal")
	h.say(alice, "2026-11-01")
	h.say(alice, "8000")
	m := h.pressOn(alice, h.say(alice, "Sensors"), "30d 12-01")
	h.pressOn(alice, m, "Save")
	m = h.pressOn(alice, h.press(alice, h.say(alice, "acme"), "Acme Trading"), "Receivables")
	m = h.pressOn(alice, h.pressOn(alice, m, "1 · 11-01"), "Record payment")
	mustContain(t, m.Text, "Amount received?")
	h.pressOn(alice, h.say(alice, "3000"), "Today")

	m = h.press(admin, h.press(admin, h.press(admin, h.say(admin, "/changes"), "East"), "Alice"), "变更")
	mustContain(t, m.Text, "新增交易 ¥8000.00（2026-11-01），2026-12-01 到期", "登记回款 ¥3000.00（2026-11-23）")
}
