package main

import (
	"strconv"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// openCard searches q as u and opens the result whose button holds label.
func (h *harness) openCard(u telegramtest.User, q, label string) telegramtest.Message {
	h.t.Helper()
	return h.press(u, h.say(u, q), label)
}

func TestMergeFromTheCardWithAFieldChoiceAndOldButtonsOpenTheSurvivor(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	keep := clientID(t, h.createClient(alice, "Acme Trading"))
	dupCard := h.createClient(alice, "Acme Trading Shanghai")
	dup := clientID(t, dupCard)
	h.exec(`INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
		VALUES ($1, $2, 'phone', 'Price talk', now(), now())`, dup, h.staffID(alice))
	h.exec(`INSERT INTO contacts (client_id, name, phone, phone_digits, created_at, updated_at)
		VALUES ($1, 'Li Na', '13900139000', '13900139000', now(), now())`, dup)

	// The salesperson sees no merge button on her own client's card.
	if hasButton(dupCard, "Merge") || hasButton(dupCard, "Archive") {
		t.Fatal("a salesperson's card offers merge or archive")
	}

	card := h.openCard(mia, "Acme Trading", "Acme Trading ·")
	if clientID(t, card) != keep {
		card = h.openCard(mia, "Acme Trading", "Acme Trading Shanghai")
		t.Fatalf("opened the wrong card: %s", card.Text)
	}
	m := h.press(mia, card, "Merge")
	mustContain(t, m.Text, "Merge into", "Likely duplicates")
	m = h.press(mia, m, "Acme Trading Shanghai")
	mustContain(t, m.Text, "Chosen", "Acme Trading Shanghai")
	m = h.press(mia, m, "Next: compare")
	mustContain(t, m.Text, "Compare", "Name", "Ⓐ Acme Trading", "Ⓑ Acme Trading Shanghai")
	// The survivor's name is newer-or-equal by default; choose the other's.
	m = h.press(mia, m, "Ⓑ Acme")
	mustContain(t, m.Text, "✅Ⓑ Acme Trading Shanghai")
	m = h.press(mia, m, "Next »")
	mustContain(t, m.Text, "Merge", "1 visits", "cannot be undone")
	m = h.press(mia, m, "✅ Merge")
	mustContain(t, m.Text, "Merged into Acme Trading Shanghai")

	if n := h.count(`SELECT count(*) FROM clients WHERE id = $1 AND merged_into = $2`, dup, keep); n != 1 {
		t.Fatal("the duplicate is not merged into the card's client")
	}
	if n := h.count(`SELECT count(*) FROM visits WHERE client_id = $1`, keep); n != 1 {
		t.Fatal("the visit did not move")
	}
	if n := h.count(`SELECT count(*) FROM clients WHERE id = $1 AND name = 'Acme Trading Shanghai'`, keep); n != 1 {
		t.Fatal("the chosen name did not survive")
	}

	// The tombstone's old card: its buttons open and act on the survivor.
	h.pressData(alice, dupCard.ID, "c:"+strconv.FormatInt(dup, 10))
	old := h.message(alice, dupCard.ID)
	if clientID(t, old) != keep {
		t.Fatalf("the merged client's card button opened %d, want the survivor %d", clientID(t, old), keep)
	}
	mustContain(t, old.Text, "Acme Trading Shanghai", "Li Na")
	h.pressData(alice, dupCard.ID, "v:"+strconv.FormatInt(dup, 10))
	mustContain(t, h.last(alice).Text, "Acme Trading Shanghai")
	h.say(alice, "/cancel")

	// Search finds the survivor by the merged client's contact.
	m = h.say(alice, "13900139000")
	mustContain(t, m.Text, "1 clients found")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action IN ('merge', 'merged')`); n != 2 {
		t.Fatalf("%d merge audit entries, want 2", n)
	}
}

func TestDuplicatesListMergesAndTheMonthlyJobSendsIt(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east, west := h.team("East"), h.team("West")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	wes := h.join("Wes", access.Manager, west, "en")
	a := clientID(t, h.createClient(alice, "Beta Foods"))
	b := clientID(t, h.createClient(alice, "Beta Foods Co"))
	pair := "mg:" + strconv.FormatInt(a, 10) + ":" + strconv.FormatInt(b, 10)

	// Rights: a salesperson and another team's manager cannot.
	mustContain(t, h.say(alice, "/duplicates").Text, "Only the team's managers")
	card := h.say(alice, "/mine")
	h.pressData(alice, card.ID, pair)
	mustContain(t, h.lastAnswer(), "Only the team's managers")
	h.pressData(alice, card.ID, "ar:"+strconv.FormatInt(a, 10)+":y")
	mustContain(t, h.lastAnswer(), "Only the team's managers")
	wcard := h.say(wes, "/duplicates")
	mustNotContain(t, wcard.Text, "Beta Foods")
	h.pressData(wes, wcard.ID, pair)
	mustContain(t, h.lastAnswer(), "does not exist")
	h.pressData(wes, wcard.ID, "ar:"+strconv.FormatInt(a, 10)+":y")
	mustContain(t, h.lastAnswer(), "does not exist")
	if n := h.count(`SELECT count(*) FROM clients WHERE archived_at IS NOT NULL`); n != 0 {
		t.Fatal("a refused archive archived")
	}

	// The monthly job: Mia gets the list with a merge button.
	if n := h.runJob("duplicates"); n != 1 {
		t.Fatalf("duplicates job enqueued %d, want 1", n)
	}
	h.waitMessage(mia, "Likely duplicate clients", "Beta Foods", "same name")
	if n := h.runJob("duplicates"); n != 0 {
		t.Fatalf("a rerun enqueued %d", n)
	}

	m := h.say(mia, "/duplicates")
	mustContain(t, m.Text, "1. ", "Beta Foods", "Beta Foods Co", "same name")
	m = h.press(mia, m, "Merge 1")
	mustContain(t, m.Text, "Compare")
	m = h.press(mia, m, "Next »")
	m = h.press(mia, m, "✅ Merge")
	mustContain(t, m.Text, "Merged into")
	if n := h.count(`SELECT count(*) FROM clients WHERE id = $1 AND merged_into = $2`, b, a); n != 1 {
		t.Fatal("the listed pair was not merged")
	}
	mustContain(t, h.say(mia, "/duplicates").Text, "No likely duplicates")
}
