package main

import (
	"context"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
)

func TestContactPhoneEditedWithABadValueRefusedThenSaved(t *testing.T) {
	t.Parallel()
	h := setup(t)
	alice := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(alice, "Acme Trading")
	id := clientID(t, card)
	zhang := h.addContact(id, "Zhang Wei")
	h.exec(`UPDATE contacts SET is_primary = true, phone = '13800138000', phone_digits = '13800138000' WHERE id = $1`, zhang)

	m := h.press(alice, card, "Contacts")
	m = h.press(alice, m, "✏️ Zhang Wei")
	mustContain(t, m.Text, "edit contact", "Phone: 13800138000", "primary contact")
	m = h.press(alice, m, "Phone")
	mustContain(t, m.Text, "Type Zhang Wei's new phone")
	m = h.say(alice, "call me maybe")
	mustContain(t, m.Text, "does not look like a phone number", "Nothing was changed")
	var phone string
	if err := h.pool.QueryRow(context.Background(), `SELECT phone FROM contacts WHERE id = $1`, zhang).Scan(&phone); err != nil || phone != "13800138000" {
		t.Fatalf("phone after a refused value: %q %v", phone, err)
	}
	m = h.say(alice, "+86 139 0000 1111")
	mustContain(t, m.Text, "📞 +86 139 0000 1111")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'contact' AND action = 'update' AND changes ? 'phone'`); n != 1 {
		t.Fatalf("%d audited phone changes", n)
	}
	// The new phone is a search key at once.
	if found := h.say(alice, "13900001111"); !hasButton(found, "Acme Trading") {
		t.Fatalf("new phone not found: %s", found.Text)
	}
}

func TestRemovingThePrimaryContactMakesAnotherPrimary(t *testing.T) {
	t.Parallel()
	h := setup(t)
	alice := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(alice, "Acme Trading")
	id := clientID(t, card)
	zhang := h.addContact(id, "Zhang Wei")
	h.exec(`UPDATE contacts SET is_primary = true WHERE id = $1`, zhang)
	h.addContact(id, "Li Na")

	m := h.press(alice, h.press(alice, card, "Contacts"), "✏️ Zhang Wei")
	m = h.press(alice, m, "Remove contact")
	mustContain(t, m.Text, "Remove the contact <b>Zhang Wei</b>?", "oldest other contact becomes primary")
	m = h.press(alice, m, "🗑 Remove")
	mustContain(t, h.lastAnswer(), "Removed Zhang Wei. Li Na is now the primary contact.")
	mustContain(t, m.Text, "Li Na", "⭐primary")
	mustNotContain(t, m.Text, "Zhang Wei")
	if n := h.count(`SELECT count(*) FROM contacts WHERE client_id = $1 AND is_primary AND name = 'Li Na'`, id); n != 1 {
		t.Fatal("Li Na is not primary")
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'contact' AND action = 'delete' AND changes ->> 'name' = 'Zhang Wei'`); n != 1 {
		t.Fatal("removal not audited")
	}
	// Pressing the confirmed removal again changes nothing.
	h.pressData(alice, m.ID, callback.RemoveContactConfirmed{Contact: zhang}.Data())
	mustContain(t, h.lastAnswer(), "may have been removed")
}

func TestContactEditRights(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	west := h.join("Wendy", access.Manager, h.team("West"), "en")
	card := h.createClient(alice, "Acme Trading")
	zhang := h.addContact(clientID(t, card), "Zhang Wei")

	m := h.press(bob, h.press(bob, h.say(bob, "Acme"), "Acme Trading"), "Contacts")
	if hasButton(m, "✏️") {
		t.Fatal("a teammate who may not edit sees edit buttons")
	}
	h.pressData(bob, m.ID, callback.EditContactField{Contact: zhang, Field: callback.ContactPhone}.Data())
	mustContain(t, h.lastAnswer(), "Only the owner or the team's managers")
	h.pressData(bob, m.ID, callback.RemoveContactConfirmed{Contact: zhang}.Data())
	mustContain(t, h.lastAnswer(), "Only the owner or the team's managers")
	h.say(west, "/help")
	h.pressData(west, h.last(west).ID, callback.EditContact{Contact: zhang}.Data())
	mustContain(t, h.lastAnswer(), "does not exist")
	h.pressData(west, h.last(west).ID, callback.RemoveContactConfirmed{Contact: zhang}.Data())
	mustContain(t, h.lastAnswer(), "does not exist")
	if n := h.count(`SELECT count(*) FROM contacts WHERE id = $1`, zhang); n != 1 {
		t.Fatal("the contact was removed by someone who may not")
	}
}
