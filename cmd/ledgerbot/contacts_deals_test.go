package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// message is the bot's message id in u's chat as it is now (after edits).
func (h *harness) message(u telegramtest.User, id int64) telegramtest.Message {
	h.t.Helper()
	for _, m := range h.tg.Messages(u.ID) {
		if m.ID == id {
			return m
		}
	}
	h.t.Fatalf("no message %d in chat %d", id, u.ID)
	return telegramtest.Message{}
}

func TestContactAddedThroughCardIsListedAndSecondPrimaryTakesTheStar(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	id := clientID(t, card)

	m := h.press(u, card, "Contacts")
	mustContain(t, m.Text, "Acme Trading", "No contacts yet")
	m = h.press(u, m, "Add contact")
	mustContain(t, m.Text, "New contact for <b>Acme Trading</b>", "Name and position")
	m = h.say(u, "Zhang Wei, purchasing manager")
	mustContain(t, m.Text, "Phone?")
	m = h.say(u, "+86 138-0013-8000")
	mustContain(t, m.Text, "Email?")
	m = h.say(u, "zhang.wei@acme.cn")
	mustContain(t, m.Text, "Birthday?")
	m = h.say(u, "5月12日")
	mustContain(t, m.Text, "Please confirm the contact", "Zhang Wei", "purchasing manager", "+86 138-0013-8000", "zhang.wei@acme.cn", "-05-12")
	if n := h.count(`SELECT count(*) FROM contacts`); n != 0 {
		t.Fatalf("%d contacts before Save, want 0", n)
	}
	m = h.press(u, m, "Save")
	mustContain(t, m.Text, "Acme Trading", "contacts", "Zhang Wei", "purchasing manager", "⭐primary", "📞 +86 138-0013-8000", "✉️ zhang.wei@acme.cn", "🎂 05-12")

	// A second contact saved as primary takes the star from the first.
	m = h.press(u, m, "Add contact")
	h.say(u, "Li Na, general manager")
	h.press(u, h.last(u), "Skip") // phone
	h.press(u, h.last(u), "Skip") // email
	m = h.press(u, h.last(u), "Skip")
	mustContain(t, m.Text, "Please confirm the contact", "Li Na")
	m = h.press(u, m, "Save as primary")
	star := strings.Index(m.Text, "⭐primary")
	li, zhang := strings.Index(m.Text, "Li Na"), strings.Index(m.Text, "Zhang Wei")
	if star < 0 || li < 0 || zhang < 0 || !(li < star && star < zhang) || strings.Count(m.Text, "⭐") != 1 {
		t.Fatalf("the star is not on Li Na alone (listed first):\n%s", m.Text)
	}
	var primary string
	if err := h.pool.QueryRow(context.Background(), `SELECT name FROM contacts WHERE client_id = $1 AND is_primary`, id).Scan(&primary); err != nil {
		t.Fatal(err)
	}
	if primary != "Li Na" {
		t.Fatalf("primary contact in the database is %q, want Li Na", primary)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'contact' AND action = 'create'`); n != 2 {
		t.Fatalf("%d contact audit rows, want 2", n)
	}

	// The card shows the primary contact with its star.
	m = h.press(u, m, "Back to card")
	mustContain(t, m.Text, "⭐Li Na general manager", "Zhang Wei purchasing manager")
}

func TestContactWithBadPhoneOrEmailIsRefusedAndTheFlowGoesOn(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	h.press(u, h.press(u, card, "Contacts"), "Add contact")

	h.say(u, "Zhang Wei, purchasing manager")
	m := h.say(u, "call me maybe")
	mustContain(t, m.Text, "does not look like a phone number")
	m = h.say(u, "12")
	mustContain(t, m.Text, "does not look like a phone number")
	m = h.say(u, "13800138000")
	mustContain(t, m.Text, "Email?")
	for _, bad := range []string{"zhang.wei", "zhang@", "Zhang <zhang@acme.cn>"} {
		m = h.say(u, bad)
		mustContain(t, m.Text, "not an email address")
	}
	birthday := h.say(u, "zhang@acme.cn")
	mustContain(t, birthday.Text, "Birthday?")
	m = h.say(u, "the day after never")
	mustContain(t, m.Text, "could not read that")
	h.press(u, birthday, "Skip")
	confirm := h.message(u, birthday.ID) // the prompt was edited into the confirmation
	mustContain(t, confirm.Text, "Please confirm the contact", "13800138000", "zhang@acme.cn")
	m = h.say(u, "yes")
	mustContain(t, m.Text, "Tap Save or Cancel")
	h.press(u, confirm, "Save")

	var phone, email string
	if err := h.pool.QueryRow(context.Background(), `SELECT phone, email FROM contacts`).Scan(&phone, &email); err != nil {
		t.Fatal(err)
	}
	if phone != "13800138000" || email != "zhang@acme.cn" {
		t.Fatalf("stored contact phone %q email %q", phone, email)
	}
}

// A birthday is decades back: the example the prompt itself gives must be
// accepted.
func TestContactBirthdayWithBirthYearIsAccepted(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	h.press(u, h.press(u, card, "Contacts"), "Add contact")
	h.say(u, "Zhang Wei, purchasing manager")
	h.press(u, h.last(u), "Skip")
	m := h.press(u, h.last(u), "Skip")
	mustContain(t, m.Text, "1980-05-12") // the prompt's own example
	m = h.say(u, "1980-05-12")
	mustContain(t, m.Text, "Please confirm the contact", "1980-05-12")
	h.press(u, m, "Save")
	if n := h.count(`SELECT count(*) FROM contacts WHERE birthday = '1980-05-12'`); n != 1 {
		t.Fatalf("birthday 1980-05-12 not stored")
	}
}

func TestDealAddedThroughCardShowsInHistoryAndMakesPotentialClientNew(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	id := clientID(t, card)
	if _, err := h.pool.Exec(context.Background(), `UPDATE clients SET stage = 'potential' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}

	date := h.press(u, card, "Add deal")
	mustContain(t, date.Text, "Deal with <b>Acme Trading</b>", "Date?")
	m := h.say(u, "2027-01-05")
	mustContain(t, m.Text, "today or an earlier date")
	h.press(u, date, "Today")
	m = h.message(u, date.ID) // the date prompt, edited
	mustContain(t, m.Text, "Amount (CNY)?")
	m = h.say(u, "a lot")
	mustContain(t, m.Text, "Please type an amount")
	m = h.say(u, "125,000")
	mustContain(t, m.Text, "What was it for")
	m = h.say(u, "Phase 2 conveyor line")
	mustContain(t, m.Text, "Payment due date?")
	for _, b := range []string{"30d 12-23", "60d 01-22", "90d 02-21", "No due date"} {
		if !hasButton(m, b) {
			t.Errorf("no %q button at the due date step", b)
		}
	}
	mustContain(t, h.say(u, "2026-11-01").Text, "not before the deal's 2026-11-23")
	m = h.pressOn(u, m, "60d 01-22")
	mustContain(t, m.Text, "Please confirm", "2026-11-23", "¥125000", "Phase 2 conveyor line", "due 2027-01-22")
	if n := h.count(`SELECT count(*) FROM deals`); n != 0 {
		t.Fatalf("%d deals before Save, want 0", n)
	}
	m = h.pressOn(u, m, "Save")
	mustContain(t, m.Text, "Acme Trading", "deals (1)", "2026-11-23", "¥125000.00", "Phase 2 conveyor line")

	var amount, stage, due string
	if err := h.pool.QueryRow(context.Background(), `SELECT d.amount::text, c.stage, d.due_on::text FROM deals d JOIN clients c ON c.id = d.client_id`).Scan(&amount, &stage, &due); err != nil {
		t.Fatal(err)
	}
	if amount != "125000.00" || stage != "new" || due != "2027-01-22" {
		t.Fatalf("after the deal: amount %s stage %s due %s; want 125000.00 new 2027-01-22", amount, stage, due)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'deal' AND action = 'create' AND changes->>'due_on' = '2027-01-22'`); n != 1 {
		t.Fatalf("%d deal audit rows with the due date, want 1", n)
	}

	// History → Deals from the card shows the same line.
	m = h.pressOn(u, h.pressOn(u, h.pressOn(u, m, "Back to card"), "History"), "Deals")
	mustContain(t, m.Text, "deals (1)", "¥125000.00")
}

// An amount the ledger cannot store must be refused at the amount step,
// where the user can still correct it, not after the whole form at Save.
func TestDealAmountTheLedgerRejectsIsRefusedAtTheAmountStep(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	for _, bad := range []string{"-5000", "1e5", "NaN", "12.345"} {
		m := h.press(u, h.press(u, card, "Add deal"), "Today")
		mustContain(t, m.Text, "Amount (CNY)?")
		m = h.say(u, bad)
		if !strings.Contains(m.Text, "Please type an amount") {
			t.Errorf("amount %q accepted at the amount step; the bot went on with:\n%s", bad, m.Text)
		}
		h.say(u, "/cancel")
		card = h.press(u, h.say(u, "acme"), "Acme Trading")
	}
	if n := h.count(`SELECT count(*) FROM deals`); n != 0 {
		t.Fatalf("%d deals stored, want 0", n)
	}
}

func TestTeammateWhoIsNotOwnerCannotAddContactsOrDeals(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	card := h.createClient(alice, "Acme Trading")
	id := strconv.FormatInt(clientID(t, card), 10)

	m := h.press(bob, h.say(bob, "acme"), "Acme Trading")
	mustContain(t, m.Text, "Acme Trading")
	if hasButton(m, "Add deal") || hasButton(m, "Edit") {
		t.Fatalf("a teammate sees owner-only buttons on the card: %v", m.Inline)
	}
	m = h.press(bob, m, "Contacts")
	if hasButton(m, "Add contact") {
		t.Fatalf("a teammate sees Add contact: %v", m.Inline)
	}
	for _, data := range []string{"nc:" + id, "nd:" + id} {
		h.pressData(bob, m.ID, data)
		mustContain(t, h.lastAnswer(), "Only the owner or the team's managers")
	}
	// No flow was started: Bob's next text is a search.
	mustContain(t, h.say(bob, "Zhang Wei").Text, "No client matches")
	if n := h.count(`SELECT count(*) FROM contacts`) + h.count(`SELECT count(*) FROM deals`); n != 0 {
		t.Fatalf("%d contacts and deals after forged presses, want 0", n)
	}
}
