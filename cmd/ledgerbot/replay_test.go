package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// confirmVisit walks a guided visit to its confirm screen.
func (h *harness) confirmVisit(u telegramtest.User, notes string) telegramtest.Message {
	h.t.Helper()
	m := h.press(u, h.say(u, "/visit"), "Acme Trading")
	h.press(u, m, "phone")
	m = h.say(u, notes)
	m = h.press(u, m, "Skip")
	h.press(u, m, "No follow-up")
	h.say(u, "Skip")
	return h.last(u)
}

// savedEdits counts the bot's answers in u's chat that say a visit was saved.
func (h *harness) savedEdits(u telegramtest.User) int {
	n := 0
	for _, c := range h.tg.Calls() {
		if (c.Method == "editMessageText" || c.Method == "sendMessage") && c.Params["chat_id"] == strconv.FormatInt(u.ID, 10) &&
			strings.Contains(c.Params["text"], "Visit to <b>Acme Trading</b> saved") {
			n++
		}
	}
	return n
}

// TestSaveRunAgainAfterACrashAnswersWithTheSavedVisit: the process died after
// the visit and the finished conversation were written but before the reply
// went out and the update was marked. At the next start the update runs
// again: the reply comes, and no second visit.
func TestSaveRunAgainAfterACrashAnswersWithTheSavedVisit(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	confirm := h.confirmVisit(u, "Agreed on the price")
	save := h.tg.PressButton(u, confirm.ID, button(t, confirm, "Save"))
	h.waitDone(save)
	h.stop()
	if n := h.savedEdits(u); n != 1 {
		t.Fatalf("%d saved answers before the crash, want 1", n)
	}
	if _, err := h.pool.Exec(context.Background(), `UPDATE updates SET processed_at = NULL WHERE update_id = $1`, save); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.waitHandled(save)
	if n := h.savedEdits(u); n != 2 {
		t.Fatalf("the update run again after the crash answered %d times in all, want the answer again (2)", n)
	}
	if n := h.count(`SELECT count(*) FROM visits`); n != 1 {
		t.Fatalf("%d visits, want 1", n)
	}
}

// TestSavePressedAgainShowsTheSavedRecord: the user, whose answer was lost,
// presses Save again: they see the visit saved, not "nothing was changed",
// and it is not stored twice. Other buttons of the finished flow say it is
// finished.
func TestSavePressedAgainShowsTheSavedRecord(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	confirm := h.confirmVisit(u, "Agreed on the price")
	save := button(t, confirm, "Save")
	cancel := button(t, confirm, "Cancel")
	h.pressData(u, confirm.ID, save)
	h.pressData(u, confirm.ID, save)
	if n := h.savedEdits(u); n != 2 {
		t.Fatalf("pressing Save twice answered %d times that the visit was saved, want 2", n)
	}
	mustNotContain(t, h.lastAnswer(), "nothing was changed", "expired")
	if n := h.count(`SELECT count(*) FROM visits`); n != 1 {
		t.Fatalf("%d visits after pressing Save twice, want 1", n)
	}
	h.pressData(u, confirm.ID, cancel)
	mustContain(t, h.lastAnswer(), "finished and was saved")
	if n := h.count(`SELECT count(*) FROM visits`); n != 1 {
		t.Fatalf("%d visits after pressing Cancel on a saved flow, want 1", n)
	}
}

// TestPollingIgnoresAStrayHighUpdateID: an update id far above Telegram's
// (a webhook-mode leftover, say) is in the table; polling still hears new
// updates, because it starts from Telegram's own offset.
func TestPollingIgnoresAStrayHighUpdateID(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.stop()
	if _, err := h.pool.Exec(context.Background(), `INSERT INTO updates (update_id, chat_id, payload, processed_at)
		VALUES (987654321, 1, '{"update_id":987654321}', now())`); err != nil {
		t.Fatal(err)
	}
	h.start()
	stranger := telegramtest.User{ID: 31337, FirstName: "Eve", LanguageCode: "en"}
	h.waitDone(h.tg.SendText(stranger, "hello"))
	mustContain(t, h.last(stranger).Text, "invite")
}
