package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// keepOldState writes u's conversation as the release before typed drafts
// kept it: the answers in a map of strings under "data".
func (h *harness) keepOldState(u telegramtest.User, state string) {
	h.t.Helper()
	if err := h.rdb.Set(context.Background(), h.sessionKey(u.ID), state, 30*time.Minute).Err(); err != nil {
		h.t.Fatal(err)
	}
}

// TestDraftKeptByThePreviousReleaseIsExplainedAndStartsOver: a conversation
// under way when the bot was updated, its answers kept the old way, is
// neither continued with answers missing nor a crash: the user is told it
// cannot go on, nothing is stored, and the chat works as before.
func TestDraftKeptByThePreviousReleaseIsExplainedAndStartsOver(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	cid := clientID(t, card)

	// A visit waiting for its kind, answered with the old kind button.
	h.keepOldState(u, fmt.Sprintf(`{"flow":"visit","step":"kind","nonce":"0a1b2c3d","last_update":1,
		"data":{"client":"%d","client_name":"Acme Trading"},"started":"2026-11-23T01:00:00Z"}`, cid))
	if a := h.pressAnswered(u, card.ID, "f:0a1b2c3d:set:phone"); saysNotValid(a) {
		t.Fatalf("the old flow's button was answered %q", a)
	}
	mustContain(t, h.last(u).Text, "the bot was updated", "visit log", "nothing of it was saved", "/visit")

	// Feedback waiting for its text, answered by typing.
	h.keepOldState(u, fmt.Sprintf(`{"flow":"feedback","step":"text","nonce":"0a1b2c3d","last_update":1,
		"data":{"client":"%d","kind":"complaint"},"started":"2026-11-23T01:00:00Z"}`, cid))
	mustContain(t, h.say(u, "The invoice was wrong").Text, "the bot was updated", "feedback record", "/feedback")
	if n := h.count(`SELECT count(*) FROM visits`) + h.count(`SELECT count(*) FROM feedback`); n != 0 {
		t.Fatalf("%d records from conversations of the previous release, want none", n)
	}

	// The conversation is gone: text is a search again, and a new visit
	// goes through.
	if !hasButton(h.say(u, "acme"), "Acme Trading") {
		t.Fatal("text after the explanation is not a search")
	}
	confirm := h.confirmVisit(u, "Agreed on the price")
	mustContain(t, h.press(u, confirm, "Save").Text, "Visit to <b>Acme Trading</b> saved")
	if n := h.count(`SELECT count(*) FROM visits`); n != 1 {
		t.Fatalf("%d visits after a new visit, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM updates WHERE abandoned_at IS NOT NULL`); n != 0 {
		t.Fatalf("%d updates given up", n)
	}
}

// TestFlowEndedByThePreviousReleaseIsNotReplayed: the end of a flow the
// previous release kept has no draft to replay it with; its Save pressed
// again says the conversation was saved and stores nothing.
func TestFlowEndedByThePreviousReleaseIsNotReplayed(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	h.keepOldState(u, fmt.Sprintf(`{"last_update":5,"started":"0001-01-01T00:00:00Z","ended":{"flow":"visit","step":"confirm",
		"nonce":"0a1b2c3d","data":{"client":"%d","kind":"phone","notes":"Agreed"},"key":5,"by":"f:0a1b2c3d:save"}}`, clientID(t, card)))
	for _, data := range []string{"f:0a1b2c3d:save", "f:0a1b2c3d:cancel"} {
		mustContain(t, h.pressAnswered(u, card.ID, data), "finished and was saved")
	}
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Fatalf("%d visits from replaying the previous release's end, want none", n)
	}
}
