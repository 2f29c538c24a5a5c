package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// createClient drives /new as u with the fewest taps and returns the card.
func (h *harness) createClient(u telegramtest.User, name string) telegramtest.Message {
	h.t.Helper()
	h.say(u, "/new")
	m := h.say(u, name)
	if hasButton(m, "Create anyway") {
		m = h.press(u, m, "Create anyway")
	}
	m = h.press(u, m, "Skip") // industry
	m = h.press(u, m, "Skip") // size
	m = h.press(u, m, "key")
	m = h.press(u, m, "active")
	m = h.press(u, m, "Skip") // region
	m = h.press(u, m, "Skip") // contact
	if !hasButton(m, "Save") {
		m = h.press(u, m, "") // owner: the first member
	}
	m = h.press(u, m, "Save")
	mustContain(h.t, m.Text, name)
	return m
}

// clientID reads the id behind a card's "Log visit" button.
func clientID(t *testing.T, card telegramtest.Message) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(button(t, card, "Log visit"), "v:"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestNewClientWarnsAboutDuplicatesAndOpensExisting(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "华为科技有限公司")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'client' AND action = 'create'`); n != 1 {
		t.Fatalf("%d client create audit rows, want 1", n)
	}

	h.say(u, "/new")
	m := h.say(u, "华为科技")
	mustContain(t, m.Text, "may already be in the ledger", "华为科技有限公司")
	m = h.press(u, m, "Open 华为科技有限公司")
	mustContain(t, m.Text, "华为科技有限公司", "Owner: Alice")
	if n := h.count(`SELECT count(*) FROM clients`); n != 1 {
		t.Fatalf("%d clients, want 1: opening the existing one must not create", n)
	}
}

func TestNewClientWithContactAndPhoneDuplicate(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.say(u, "/new")
	m := h.say(u, "Acme Trading")
	m = h.press(u, m, "Manufacturing")
	m = h.press(u, m, "medium")
	m = h.press(u, m, "strategic")
	h.press(u, m, "potential")
	h.say(u, "Shanghai")
	h.say(u, "Zhang Wei, purchasing manager")
	m = h.say(u, "+86 138-0013-8000")
	m = h.press(u, m, "Save")
	mustContain(t, m.Text, "Acme Trading", "strategic", "Zhang Wei", "purchasing manager")

	h.say(u, "/new")
	h.say(u, "Totally Different Ltd")
	m = h.last(u)
	for _, step := range []string{"Skip", "Skip", "normal", "new", "Skip"} {
		m = h.press(u, m, step)
	}
	m = h.say(u, "Li Lei")
	m = h.say(u, "13800138000")
	mustContain(t, m.Text, "may already be in the ledger", "Acme Trading")
	m = h.press(u, m, "Create anyway")
	m = h.press(u, m, "Save")
	if n := h.count(`SELECT count(*) FROM clients`); n != 2 {
		t.Fatalf("%d clients, want 2", n)
	}
}

func TestSearchKindsFindTheClient(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "华为科技有限公司")
	h.createClient(u, "Acme Trading")
	for _, q := range []string{"华为", "科技", "hwkj", "huawei", "/client 华为"} {
		m := h.say(u, q)
		if !hasButton(m, "华为科技有限公司") {
			t.Errorf("search %q: no button for 华为科技有限公司:\n%s %v", q, m.Text, m.Inline)
		}
	}
	for _, q := range []string{"acme", "ACME", "acme tradng"} {
		m := h.say(u, q)
		if !hasButton(m, "Acme Trading") {
			t.Errorf("search %q: no button for Acme Trading:\n%s", q, m.Text)
		}
	}
	m := h.say(u, "zzzz nothing")
	mustContain(t, m.Text, "No client matches")
}

func TestRolesSeeAndEditOnlyWhatTheyMay(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east, west := h.team("East"), h.team("West")
	alice := h.join("Alice", access.Sales, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	mgr := h.join("Maria", access.Manager, east, "en")
	wes := h.join("Wes", access.Sales, west, "en")
	card := h.createClient(alice, "Acme Trading")
	id := strconv.FormatInt(clientID(t, card), 10)

	// A teammate sees the card but gets no edit button, and a forged edit is refused.
	m := h.say(bob, "acme")
	m = h.press(bob, m, "Acme Trading")
	mustContain(t, m.Text, "Acme Trading")
	if hasButton(m, "Edit") {
		t.Fatal("teammate sees an Edit button on someone else's client")
	}
	h.pressData(bob, m.ID, "e:"+id)
	mustContain(t, h.lastAnswer(), "Only the owner")

	// The manager may edit the team's client.
	m = h.say(mgr, "acme")
	m = h.press(mgr, m, "Acme Trading")
	m = h.press(mgr, m, "Edit")
	m = h.press(mgr, m, "Tier")
	m = h.press(mgr, m, "strategic")
	mustContain(t, m.Text, "strategic")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'client' AND action = 'update'`); n != 1 {
		t.Fatalf("%d update audit rows, want 1", n)
	}

	// Another team finds nothing and a guessed id or replayed button shows nothing.
	m = h.say(wes, "acme")
	mustContain(t, m.Text, "No client matches")
	for _, data := range []string{"c:" + id, "v:" + id, "fb:" + id, "e:" + id, "ct:" + id, "h:" + id + ":v:0", "nd:" + id} {
		h.pressData(wes, m.ID, data)
		mustContain(t, h.lastAnswer(), "does not exist or you may not see it")
		mustNotContain(t, h.last(wes).Text, "Acme")
	}
}
