package main

import (
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// drillLedger is what the restore drill put in the ledger through the bot,
// and what it kept to look at again on the restored copy.
type drillLedger struct {
	maria, alice, bob telegramtest.User
	acme              int64
	// notice is the feedback notice Alice got through the outbox on day 1;
	// its button must still work on the copy.
	notice telegramtest.Message
}

// fillLedger fills the ledger as a team would on Monday 2026-11-23, only
// through the bot: onboarding by invite (an operator's, then a manager's in
// the chat), clients, a contact, visits with follow-ups, feedback, a deal
// with its receivable and a payment, then the scheduler's catch-up (churn
// alert, digest with its chart, the monthly report ...). It returns once
// every message in the outbox was sent.
func fillLedger(h *harness) drillLedger {
	t := h.t
	t.Helper()
	var l drillLedger
	east := h.team("East")
	l.maria = h.join("Maria", access.Manager, east, "zh")
	l.alice = h.join("Alice", access.Sales, east, "en")
	// Bob joins through the code Maria makes in the chat.
	code := inviteCode(t, h.press(l.maria, h.say(l.maria, "/invite"), "销售"))
	l.bob = telegramtest.User{ID: h.nextID.Add(1), FirstName: "Bob", Username: "bob", LanguageCode: "en"}
	mustContain(t, h.say(l.bob, "/start "+code).Text, "Bob")

	card := h.createClient(l.alice, "Acme Trading")
	l.acme = clientID(t, card)
	h.createClient(l.alice, "华为科技有限公司")
	h.createClient(l.bob, "Beta Foods")

	h.pressOn(l.alice, h.pressOn(l.alice, card, "Contacts"), "Add contact")
	mustContain(t, h.say(l.alice, "Zhang Wei, purchasing manager").Text, "Phone?")
	h.say(l.alice, "+86 138-0013-8000")
	h.say(l.alice, "zhang.wei@acme.cn")
	m := h.press(l.alice, h.say(l.alice, "5月12日"), "Save")
	mustContain(t, m.Text, "Zhang Wei", "📞 +86 138-0013-8000")

	// Follow-ups promised for Tuesday: Tuesday's reminders.
	mustContain(t, h.say(l.alice, "/visit Acme: call about the invoice tomorrow").Text, "saved", "2026-11-24")
	mustContain(t, h.say(l.bob, "/visit Beta: call about the samples tomorrow").Text, "saved", "2026-11-24")

	// Bob's feedback on Alice's client: notices to Alice and Maria.
	m = h.press(l.bob, h.openCard(l.bob, "acme", "Acme Trading"), "Add feedback")
	h.press(l.bob, m, "complaint")
	h.say(l.bob, "Late delivery of batch 7")
	h.press(l.bob, h.last(l.bob), "high")
	h.press(l.bob, h.last(l.bob), "Owner Alice")
	m = h.press(l.bob, h.press(l.bob, h.last(l.bob), "Default"), "Save")
	mustContain(t, m.Text, "recorded")
	l.notice = h.waitMessage(l.alice, "assigned to you", "Late delivery of batch 7")
	h.waitMessage(l.maria, "新的客户反馈")

	// A deal of 1 September, due 30 days later, 40,000 paid: 60,000 owed
	// 53 days past due.
	h.press(l.alice, h.openCard(l.alice, "acme", "Acme Trading"), "Add deal")
	h.say(l.alice, "2026-09-01")
	h.say(l.alice, "100000")
	m = h.say(l.alice, "Conveyor line")
	mustContain(t, h.pressOn(l.alice, h.pressOn(l.alice, m, "30d 10-01"), "Save").Text, "deals (1)")
	m = h.press(l.alice, h.openCard(l.alice, "acme", "Acme Trading"), "Receivables")
	m = h.pressOn(l.alice, h.pressOn(l.alice, m, "1 · 09-01"), "Record payment")
	h.say(l.alice, "40,000")
	m = h.pressOn(l.alice, h.last(l.alice), "Today")
	mustContain(t, m.Text, "owed ¥60000.00")

	if n, _ := h.catchUp(); n < 3 {
		t.Fatalf("Monday's catch-up enqueued %d messages, want the churn alert and the digest (text and chart) at least", n)
	}
	h.waitFor("every message sent", func() bool { return h.count(`SELECT count(*) FROM outbox WHERE status <> 'sent'`) == 0 })
	h.waitMessage(l.maria, "流失预警", "Acme Trading")
	return l
}

// holdOutbox moves to Tuesday and runs its catch-up while Telegram holds
// the first message the sender sends (a sender with one worker): that
// message stays in flight, and everything enqueued after it stays pending,
// while the bot goes on answering. It returns the held row's id and what
// releases Telegram's answer.
func holdOutbox(h *harness, l drillLedger) (held int64, release func()) {
	t := h.t
	t.Helper()
	h.clock.Add(24 * time.Hour)
	release = h.tg.Hang("sendMessage", 1)
	if n, _ := h.catchUp(); n != 2 {
		t.Fatalf("Tuesday's catch-up enqueued %d messages, want Alice's and Bob's follow-up reminders", n)
	}
	var text string
	h.waitFor("the first reminder in flight", func() bool {
		return h.pool.QueryRow(t.Context(), `SELECT id, text FROM outbox WHERE status = 'sending'`).Scan(&held, &text) == nil
	})
	// Wait for the request itself, so that no reply of the chat takes the
	// hang instead.
	h.tg.WaitFor(t, 15*time.Second, func(c telegramtest.Call) bool {
		return c.Method == "sendMessage" && c.Params["text"] == text
	})
	var chat int64
	if err := h.pool.QueryRow(t.Context(), `SELECT chat_id FROM outbox WHERE id = $1`, held).Scan(&chat); err != nil {
		t.Fatal(err)
	}
	if chat != l.alice.ID {
		t.Fatalf("the message in flight went to chat %d, want Alice's follow-up reminder (the first enqueued)", chat)
	}

	// Bob's own feedback on his client: a notice to Maria, pending.
	m := h.press(l.bob, h.openCard(l.bob, "beta", "Beta Foods"), "Add feedback")
	h.press(l.bob, m, "request")
	h.say(l.bob, "Two cartons arrived damp")
	h.press(l.bob, h.last(l.bob), "medium")
	h.press(l.bob, h.last(l.bob), "Owner Bob")
	mustContain(t, h.press(l.bob, h.press(l.bob, h.last(l.bob), "Default"), "Save").Text, "recorded")
	// And a client half entered: a draft in Redis.
	h.say(l.bob, "/new")
	h.say(l.bob, "Gamma Steel")
	if n := h.count(`SELECT count(*) FROM outbox WHERE status = 'pending'`); n != 2 {
		t.Fatalf("%d pending messages, want Bob's reminder and Maria's notice", n)
	}
	if n := h.count(`SELECT count(*) FROM conversations WHERE chat_id = $1`, l.bob.ID); n != 1 {
		t.Fatal("Bob's unfinished client is not recorded as a conversation under way")
	}
	return held, release
}
