package main

import (
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
)

func TestReceivableFromTheCardShowsOverdueDaysCreditAndAlertsOnce(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	maria := h.join("Maria", access.Manager, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	eve := h.join("Eve", access.Sales, h.team("West"), "en")
	card := h.createClient(alice, "Acme Trading")
	cid := clientID(t, card)

	// A deal made on 1 September, through the card.
	m := h.press(alice, card, "Add deal")
	h.say(alice, "2026-09-01")
	h.say(alice, "100000")
	h.press(alice, h.press(alice, h.say(alice, "Conveyor line"), "No due date"), "Save")
	var deal int64
	if err := h.pool.QueryRow(t.Context(), `SELECT id FROM deals WHERE client_id = $1`, cid).Scan(&deal); err != nil {
		t.Fatal(err)
	}

	// Its terms: invoiced at the deal's amount, due 30 days after it.
	m = h.press(alice, h.press(alice, h.say(alice, "acme"), "Acme Trading"), "Receivables")
	mustContain(t, m.Text, "Acme Trading", "receivables", "Credit: 🟢good", "1. 2026-09-01 ¥100000.00 Conveyor line", "no due date")
	m = h.pressOn(alice, m, "1 · 09-01")
	mustContain(t, m.Text, "Invoiced: ¥100000.00 (= the deal's amount)", "no due date", "owed ¥100000.00")
	m = h.pressOn(alice, m, "Invoice/due date")
	mustContain(t, m.Text, "Amount invoiced?")
	m = h.pressOn(alice, m, "= deal amount")
	mustContain(t, m.Text, "Payment due date?")
	m = h.pressOn(alice, m, "30d 10-01")
	mustContain(t, m.Text, "Invoice and due date saved", "due 2026-10-01 ⚠️53 days overdue")

	// A payment of 40,000 received today; a typo above what is owed is
	// refused where it is typed.
	m = h.pressOn(alice, m, "Record payment")
	mustContain(t, m.Text, "Amount received?", "¥100000.00 owed")
	mustContain(t, h.say(alice, "120000").Text, "at most the ¥100000.00 owed")
	m = h.say(alice, "40,000")
	mustContain(t, m.Text, "When was it received?")
	m = h.pressOn(alice, m, "Today")
	mustContain(t, m.Text, "Payment of ¥40000.00 (2026-11-23) recorded", "Paid ¥40000.00 · owed ¥60000.00", "2026-11-23 ¥40000.00")
	if n := h.count(`SELECT count(*) FROM deal_payments WHERE deal_id = $1 AND amount = 40000 AND created_by = $2`, deal, h.staffID(alice)); n != 1 {
		t.Fatal("the payment is not stored")
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'deal' AND entity_id = $1 AND action IN ('terms', 'payment')`, deal); n != 2 {
		t.Fatalf("%d audit entries for terms and payment, want 2", n)
	}

	card = h.press(alice, h.say(alice, "acme"), "Acme Trading")
	mustContain(t, card.Text, "Receivables</b> · credit: 🟡watch", "⚠️ 2026-09-01 Conveyor line: ¥60000.00 owed, 53 days overdue (due 10-01)")

	// The overdue payment alerts the team's manager once.
	if n := h.runJob("churn"); n != 1 {
		t.Fatalf("churn scan enqueued %d, want 1 alert (the one manager)", n)
	}
	h.waitMessage(maria, "Churn alert", "Acme Trading", "overdue payments: ¥60000.00 owed (1 deal, up to 53 days past due), credit watch")
	h.clock.Add(24 * time.Hour)
	if n := h.runJob("churn"); n != 0 {
		t.Fatalf("the next day's scan enqueued %d, want 0", n)
	}

	// A teammate sees the receivable but may not change it; another team
	// sees nothing. Forged buttons change nothing.
	m = h.press(bob, h.press(bob, h.say(bob, "acme"), "Acme Trading"), "Receivables")
	m = h.pressOn(bob, m, "1 · 09-01")
	if hasButton(m, "Record payment") || hasButton(m, "Invoice/due date") {
		t.Fatalf("a teammate sees the owner's buttons: %v", m.Inline)
	}
	h.pressData(bob, m.ID, callback.DealPayment{Deal: deal}.Data())
	mustContain(t, h.lastAnswer(), "Only the owner or the team's managers")
	for _, forged := range []callback.Action{callback.Receivables{Client: cid}, callback.DealReceivable{Deal: deal},
		callback.DealTerms{Deal: deal}, callback.DealPayment{Deal: deal}} {
		h.pressData(eve, h.say(eve, "/help").ID, forged.Data())
		mustContain(t, h.lastAnswer(), "does not exist")
	}
	if n := h.count(`SELECT count(*) FROM deal_payments`); n != 1 {
		t.Fatalf("%d payments after forged buttons, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM deals WHERE due_on = '2026-10-01' AND invoiced IS NULL`); n != 1 {
		t.Fatal("forged buttons changed the deal's terms")
	}

	// The manager records the rest, typed in full; the receivable is settled.
	m = h.press(maria, h.press(maria, h.say(maria, "acme"), "Acme Trading"), "Receivables")
	m = h.pressOn(maria, h.pressOn(maria, m, "1 · 09-01"), "Record payment")
	h.say(maria, "60000")
	m = h.say(maria, "2026-11-20")
	mustContain(t, m.Text, "Payment of ¥60000.00 (2026-11-20) recorded", "owed ¥0.00", "paid")
	if hasButton(m, "Record payment") {
		t.Fatal("a settled deal offers to record a payment")
	}
	mustNotContain(t, h.press(maria, h.say(maria, "acme"), "Acme Trading").Text, "Receivables</b>")
}

// TestReceivablesScreenJudgesCreditOnEverythingOwedAsTheCardDoes: a client
// with ten receivables of ¥12,000 each, 20 days overdue, owes ¥120,000 past
// the grace days, which is at risk. The receivables screen lists eight
// deals, but its credit line must judge all ten, as the card and the churn
// alert do: on the eight shown it read ¥96,000, "watch".
func TestReceivablesScreenJudgesCreditOnEverythingOwedAsTheCardDoes(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	card := h.createClient(alice, "Acme Trading")
	cid := clientID(t, card)
	for i := range 10 {
		h.exec(`INSERT INTO deals (client_id, deal_on, amount, due_on, description, created_by, created_at)
			VALUES ($1, '2026-10-01'::date + $2::int, 12000, '2026-11-03', 'lot', $3, now())`, cid, i, h.staffID(alice))
	}
	card = h.press(alice, h.say(alice, "acme"), "Acme Trading")
	mustContain(t, card.Text, "credit: 🔴at risk", "10 overdue in all, ¥120000.00")
	m := h.press(alice, card, "Receivables")
	mustContain(t, m.Text, "Credit: 🔴at risk", "¥120000.00 overdue (10, up to 20 days)")
}
