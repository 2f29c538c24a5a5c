package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// visitToConfirm drives the guided visit as u up to its confirm step, the
// fewest taps, and returns the confirm message.
func (h *harness) visitToConfirm(u telegramtest.User, client, notes string) telegramtest.Message {
	h.t.Helper()
	m := h.press(u, h.say(u, "/visit"), client)
	h.press(u, m, "phone")
	m = h.say(u, notes)
	m = h.press(u, m, "Skip")     // outcome
	h.press(u, m, "No follow-up") // follow-up
	h.say(u, "Skip")              // location
	m = h.last(u)
	mustContain(h.t, m.Text, "Please confirm the visit", notes)
	return m
}

func TestVisitConfirmTakesAnOptionalSatisfactionTap(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")

	m := h.visitToConfirm(u, "Acme Trading", "Acceptance went well")
	mustContain(t, m.Text, "Client satisfaction (optional, tap 1–5 below)")
	// A forged score is refused and changes nothing.
	h.pressData(u, m.ID, callback.Flow{Nonce: h.liveNonce(u), Choice: "sat:9"}.Data())
	mustContain(t, h.lastAnswer(), "not valid")
	m = h.pressOn(u, m, "4")
	mustContain(t, m.Text, "Client satisfaction: 4/5")
	m = h.pressOn(u, m, "5") // changing one's mind is one more tap
	mustContain(t, m.Text, "Client satisfaction: 5/5")
	if !hasButton(m, "✅5") || hasButton(m, "✅4") {
		t.Fatalf("the chosen score is not marked: %v", m.Inline)
	}
	if n := h.count(`SELECT count(*) FROM satisfaction`); n != 0 {
		t.Fatalf("%d readings before Save, want 0", n)
	}
	m = h.press(u, m, "Save")
	mustContain(t, m.Text, "Visit to <b>Acme Trading</b> saved", "Client satisfaction: 5/5")
	if n := h.count(`SELECT count(*) FROM satisfaction s JOIN visits v ON v.id = s.visit_id
		WHERE s.source = 'visit' AND s.score = 5 AND s.staff_id = v.author_id`); n != 1 {
		t.Fatal("the visit's reading is not stored as the visitor's")
	}

	// Without a tap the visit saves as before, with no reading.
	h.press(u, h.visitToConfirm(u, "Acme Trading", "Called about the invoice"), "Save")
	if n := h.count(`SELECT count(*) FROM visits`); n != 2 {
		t.Fatalf("%d visits, want 2", n)
	}
	if n := h.count(`SELECT count(*) FROM satisfaction`); n != 1 {
		t.Fatalf("%d readings, want the one tapped", n)
	}
	card := h.press(u, h.say(u, "acme"), "Acme Trading")
	mustContain(t, card.Text, "Satisfaction: 5/5 (visit, today)", "90-day average 5.0")
}

// subscribe has the contact open the greeting link u makes for them, as
// contact; it returns the contact's chat user.
func (h *harness) subscribe(u telegramtest.User, card telegramtest.Message, name string, contact telegramtest.User) {
	h.t.Helper()
	m := h.press(u, h.press(u, card, "Contacts"), "Greeting link · "+name)
	found := reGreetingLink.FindStringSubmatch(m.Text)
	if found == nil {
		h.t.Fatalf("no deep link in:\n%s", m.Text)
	}
	h.say(contact, "/start "+found[1])
}

func TestResolvedFeedbackRecordsSatisfactionAndSurveysTheContactOnce(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	card := h.createClient(alice, "Acme Trading")
	cid := clientID(t, card)
	tom := telegramtest.User{ID: 8801, FirstName: "Tom", LanguageCode: "en"}
	ann := telegramtest.User{ID: 8802, FirstName: "安", LanguageCode: "zh-hans"}
	tomID := h.addContact(cid, "Tom Li")
	h.addContact(cid, "安娜")
	h.subscribe(alice, card, "Tom Li", tom)
	h.subscribe(alice, h.press(alice, h.say(alice, "acme"), "Acme Trading"), "安娜", ann)

	other := h.addContact(clientID(t, h.createClient(bob, "Bolt Works")), "Zed")

	// Bob registers the complaint and taps who raised it at the confirm step.
	m := h.press(bob, h.press(bob, h.say(bob, "acme"), "Acme Trading"), "Add feedback")
	h.press(bob, m, "complaint")
	m = h.press(bob, h.say(bob, "Batch 7 arrived damaged"), "low")
	h.press(bob, m, "Owner Alice")
	m = h.say(bob, "tomorrow")
	mustContain(t, m.Text, "Please confirm", "Raised by (optional")
	// Another client's contact, forged, is refused.
	h.pressData(bob, m.ID, callback.Flow{Nonce: h.liveNonce(bob), Choice: fmt.Sprintf("con:%d", other)}.Data())
	mustContain(t, h.lastAnswer(), "not valid")
	m = h.pressOn(bob, m, "Tom Li")
	mustContain(t, m.Text, "Raised by: Tom Li")
	h.press(bob, m, "Save")
	var fb int64
	if err := h.pool.QueryRow(t.Context(), `SELECT id FROM feedback WHERE contact_id = $1`, tomID).Scan(&fb); err != nil {
		t.Fatalf("feedback does not name the contact: %v", err)
	}

	// Alice resolves it, tapping the client's satisfaction first.
	h.clock.Add(time.Hour)
	m = h.press(alice, h.waitMessage(alice, "New client feedback"), "View")
	m = h.press(alice, m, "Resolve")
	mustContain(t, m.Text, "how was it resolved", "How satisfied is the client")
	m = h.pressOn(alice, m, "4")
	mustContain(t, m.Text, "Client satisfaction: 4/5")
	m = h.say(alice, "Replaced the batch")
	mustContain(t, m.Text, "resolved", "Client satisfaction: 4/5")
	if n := h.count(`SELECT count(*) FROM satisfaction WHERE source = 'feedback' AND feedback_id = $1 AND score = 4 AND staff_id = $2`,
		fb, h.staffID(alice)); n != 1 {
		t.Fatal("the resolver's reading is not stored")
	}

	// Tom gets the survey in English and taps 5: his own reading, thanked.
	h.clock.Add(time.Hour)
	survey := h.waitMessage(tom, "How satisfied are you", "Acme Trading")
	if len(survey.Inline) != 1 || len(survey.Inline[0]) != 5 {
		t.Fatalf("survey buttons = %v", survey.Inline)
	}
	m = h.pressOn(tom, survey, "5")
	mustContain(t, m.Text, "Thank you for your rating: 5")
	if len(m.Inline) != 0 {
		t.Fatalf("the survey keeps its buttons after the answer: %v", m.Inline)
	}
	if n := h.count(`SELECT count(*) FROM satisfaction WHERE source = 'survey' AND feedback_id = $1 AND score = 5
		AND contact_id = $2 AND staff_id IS NULL`, fb, tomID); n != 1 {
		t.Fatal("the contact's answer is not stored as theirs")
	}
	// A second answer, and the same button forged by another contact or
	// pressed by staff, change nothing.
	h.pressData(tom, survey.ID, callback.SurveyAnswer{Feedback: fb, Score: 1}.Data())
	mustContain(t, h.message(tom, survey.ID).Text, "already rated this (5 out of 5)")
	h.pressData(ann, survey.ID, callback.SurveyAnswer{Feedback: fb, Score: 1}.Data())
	mustContain(t, h.lastAnswer(), "评价按钮已失效")
	h.pressData(bob, m.ID, callback.SurveyAnswer{Feedback: fb, Score: 1}.Data())
	mustContain(t, h.lastAnswer(), "contact's to press")
	if n := h.count(`SELECT count(*) FROM satisfaction WHERE source = 'survey'`); n != 1 {
		t.Fatalf("%d survey readings, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM outbox WHERE kind = $1`, feedback.KindSurvey); n != 1 {
		t.Fatalf("%d surveys queued, want one", n)
	}
	if msgs := h.tg.Messages(ann.ID); len(msgs) != 1 { // only the subscription's thanks
		t.Fatalf("the other contact got %d messages", len(msgs))
	}

	card = h.press(alice, h.say(alice, "acme"), "Acme Trading")
	mustContain(t, card.Text, "Satisfaction: 5/5 (client's own rating, today)", "90-day average 4.5")
}

func TestSurveyIsInChineseForAContactWhoseLanguageIsNotEnglish(t *testing.T) {
	t.Parallel()
	h := setup(t)
	alice := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(alice, "Acme Trading")
	wang := telegramtest.User{ID: 8803, FirstName: "王", LanguageCode: "zh-hans"}
	h.addContact(clientID(t, card), "王芳")
	h.subscribe(alice, card, "王芳", wang)

	m := h.press(alice, h.press(alice, h.say(alice, "acme"), "Acme Trading"), "Add feedback")
	h.press(alice, m, "request")
	m = h.press(alice, h.say(alice, "Wants a price list"), "low")
	h.press(alice, m, "Owner Alice")
	m = h.say(alice, "tomorrow")
	h.press(alice, h.pressOn(alice, m, "王芳"), "Save")
	m = h.press(alice, h.press(alice, h.say(alice, "acme"), "Acme Trading"), "Handle feedback")
	h.press(alice, m, "Resolve")
	h.say(alice, "Sent the price list") // no score: the survey goes out all the same

	survey := h.waitMessage(wang, "王芳", "满意吗")
	m = h.pressOn(wang, survey, "3")
	mustContain(t, m.Text, "感谢您的评价：3 分")
	mustContain(t, h.lastAnswer(), "谢谢")
	if n := h.count(`SELECT count(*) FROM satisfaction`); n != 1 {
		t.Fatalf("%d readings, want only the contact's", n)
	}
}
