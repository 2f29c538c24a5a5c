package main

import (
	"fmt"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// TestPollingReplicasPollOneAtATimeAndEveryOneHandles runs two replicas in
// polling mode: only one polls (Telegram would end a second getUpdates with
// 409 Conflict), both handle, and when either stops the other goes on.
func TestPollingReplicasPollOneAtATimeAndEveryOneHandles(t *testing.T) {
	t.Parallel()
	h := setup(t)
	second := h.serve(h.cfg, "replica2")
	team := h.team("East")
	users := []telegramtest.User{h.join("Alice", access.Sales, team, "en"), h.join("Bob", access.Sales, team, "en")}
	h.createClient(users[0], "Acme Trading")
	visits := func(round string) {
		t.Helper()
		for i := range 10 {
			for _, u := range users {
				h.waitDone(h.tg.SendText(u, fmt.Sprintf("/visit Acme Trading: phone %s-%s-%02d", round, u.FirstName, i)))
			}
		}
	}
	visits("both")
	// Whichever replica polls, stopping each in turn leaves one that does.
	h.stop()
	visits("second")
	h.start()
	second()
	visits("first")
	for _, round := range []string{"both", "second", "first"} {
		for _, u := range users {
			if n := h.count(`SELECT count(*) FROM visits WHERE notes LIKE $1`, round+"-"+u.FirstName+"-%"); n != 10 {
				t.Fatalf("%s, %s: %d visits stored for 10 updates", round, u.FirstName, n)
			}
		}
	}
	if n := h.tg.PollConflicts(); n != 0 {
		t.Fatalf("%d getUpdates calls were ended by another replica's: two replicas polled at once", n)
	}
}
