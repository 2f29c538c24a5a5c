package main

import (
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// TestCardShowsTheClientsValue: after the nightly value job, the card shows
// the client's ABC class, RFM scores and last 12 months' deals, in the
// reader's language; a client created since the last run shows no value
// line rather than a wrong one.
func TestCardShowsTheClientsValue(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	mei := h.join("Mei", access.Manager, east, "zh")
	big := clientID(t, h.createClient(alice, "Big Steel"))
	h.sell(alice, big, 90000)
	h.sell(alice, big, 2500)
	h.createClient(alice, "Quiet Paper")
	h.runJob("value")
	fresh := h.createClient(alice, "Fresh Ink")
	mustNotContain(t, fresh.Text, "Value:")

	card := h.openCard(alice, "Big Steel", "Big Steel")
	mustContain(t, card.Text, "Value: class A · RFM ", "12 months: ¥92500.00 (2 deals)")
	card = h.openCard(alice, "Quiet Paper", "Quiet Paper")
	mustContain(t, card.Text, "Value: class C · RFM ", "no deal in 12 months")

	card = h.openCard(mei, "Big Steel", "Big Steel")
	mustContain(t, card.Text, "价值：A 类 · RFM ", "近 12 月成交 ¥92500.00（2 笔）")
}
