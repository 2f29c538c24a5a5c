package main

import (
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestFeedbackLifecycleNotifiesAndResolves(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	mgr := h.join("Maria", access.Manager, east, "zh")
	bob := h.join("Bob", access.Sales, east, "en")
	card := h.createClient(alice, "Acme Trading")

	m := h.press(bob, h.say(bob, "acme"), "Acme Trading")
	m = h.press(bob, m, "Add feedback")
	h.press(bob, m, "complaint")
	m = h.say(bob, "Late delivery of batch 7")
	m = h.press(bob, m, "high")
	m = h.press(bob, m, "Owner Alice")
	m = h.press(bob, m, "Default")
	mustContain(t, m.Text, "Please confirm", "complaint", "high", "Alice", "2026-11-24")
	m = h.press(bob, m, "Save")
	mustContain(t, m.Text, "recorded", "Alice")

	// The assignee and the manager are told through the outbox, each in
	// their language, and the author is not told of their own record.
	note := h.waitMessage(alice, "assigned to you", "Acme Trading", "Late delivery")
	h.waitMessage(mgr, "新的客户反馈", "投诉")
	if n := h.count(`SELECT count(*) FROM outbox WHERE kind = 'feedback'`); n != 2 {
		t.Fatalf("%d feedback notices in the outbox, want 2 (assignee and manager, not the author)", n)
	}

	// Bob (not assignee, not manager) may not resolve.
	m = h.press(bob, h.say(bob, "acme"), "Acme Trading")
	if hasButton(m, "Handle feedback") {
		t.Fatal("a teammate sees the handle button of feedback assigned to someone else")
	}

	m = h.press(alice, note, "View")
	m = h.press(alice, m, "Start")
	mustContain(t, m.Text, "in progress")
	m = h.press(alice, m, "Resolve")
	m = h.say(alice, "Shipped by air, client confirmed")
	mustContain(t, m.Text, "resolved")
	if n := h.count(`SELECT count(*) FROM feedback WHERE status = 'resolved' AND resolution <> ''`); n != 1 {
		t.Fatal("feedback not resolved in the database")
	}
	m = h.say(alice, "/today")
	mustNotContain(t, m.Text, "Acme")
	_ = card
}

func TestFeedbackAppearsInTodayAndOnCardUntilResolved(t *testing.T) {
	t.Parallel()
	h := setup(t)
	alice := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(alice, "Acme Trading")
	m := h.press(alice, card, "Add feedback")
	h.press(alice, m, "request")
	m = h.say(alice, "Wants a price list in English")
	m = h.press(alice, m, "low")
	h.press(alice, m, "Owner Alice")
	m = h.say(alice, "tomorrow")
	h.press(alice, m, "Save")
	m = h.say(alice, "/today")
	mustContain(t, m.Text, "Feedback assigned to me", "Acme Trading", "request")
	m = h.press(alice, h.say(alice, "acme"), "Acme Trading")
	mustContain(t, m.Text, "Open feedback", "Wants a price list")
}
