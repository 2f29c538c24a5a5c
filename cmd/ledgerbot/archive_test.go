package main

import (
	"strconv"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestArchiveHidesAClientFromSearchListsAndJobsAndRestoreBringsItBack(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	gammaCard := h.createClient(alice, "Gamma Industries")
	gamma := clientID(t, gammaCard)
	delta := clientID(t, h.createClient(alice, "Delta Works"))
	if hasButton(gammaCard, "Archive") {
		t.Fatal("the salesperson's card offers Archive")
	}

	card := h.openCard(mia, "gamma", "Gamma Industries")
	m := h.press(mia, card, "Archive")
	mustContain(t, m.Text, "Archive", "restore it")
	m = h.press(mia, m, "Archive it")
	mustContain(t, m.Text, "Gamma Industries", "Archived")
	if !hasButton(m, "Restore") || hasButton(m, "Merge") {
		t.Fatalf("an archived card offers %v", m.Inline)
	}

	// Hidden: from search, /mine, the old card for a salesperson.
	mustContain(t, h.say(alice, "gamma").Text, "No client matches")
	mustNotContain(t, h.say(alice, "/mine").Text, "Gamma")
	h.pressData(alice, gammaCard.ID, "c:"+strconv.FormatInt(gamma, 10))
	mustContain(t, h.lastAnswer(), "does not exist")

	// Hidden from the jobs: a review due and a client long silent.
	h.exec(`UPDATE clients SET next_review_on = '2026-11-23', stage = 'active', last_contact_at = '2026-06-01'`)
	if n := h.runJob("reminders"); n != 1 {
		t.Fatalf("reminders enqueued %d, want 1 (Delta only)", n)
	}
	h.waitMessage(alice, "Delta Works")
	h.runJob("churn")
	if n := h.count(`SELECT count(*) FROM churn_episodes WHERE client_id = $1`, gamma); n != 0 {
		t.Fatal("the churn scan opened an episode for the archived client")
	}
	if n := h.count(`SELECT count(*) FROM churn_episodes WHERE client_id = $1`, delta); n != 1 {
		t.Fatal("the churn scan did not see the live client (the test proves nothing)")
	}

	m = h.pressOn(mia, m, "Restore")
	mustNotContain(t, m.Text, "Archived")
	if !hasButton(h.say(alice, "gamma"), "Gamma Industries") {
		t.Fatal("the restored client is not found")
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity_id = $1 AND action IN ('archive', 'restore')`, gamma); n != 2 {
		t.Fatalf("%d archive/restore audit entries, want 2", n)
	}
}
