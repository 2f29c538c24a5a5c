package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestGuidedVisitSavesOnlyAtConfirm(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	id := clientID(t, card)
	if _, err := h.pool.Exec(context.Background(), `UPDATE clients SET stage = 'sleeping' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}

	m := h.say(u, "/visit")
	m = h.press(u, m, "Acme Trading") // recent clients as buttons
	h.press(u, m, "on-site")
	h.say(u, "Discussed the phase 2 quote; they worry about delivery times.")
	h.waitDone(h.tg.SendPhoto(u, "photo-file-1", ""))
	mustContain(t, h.last(u).Text, "1 photo")
	m = h.say(u, "Quote sent, waiting for purchasing")
	m = h.press(u, m, "+1w")
	mustContain(t, m.Text, "share where you met")
	if len(m.Reply) == 0 || !m.Reply[0][0].RequestLocation {
		t.Fatalf("location step has no request_location button: %+v", m.Reply)
	}
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Fatalf("%d visits before confirm, want 0", n)
	}
	h.waitDone(h.tg.SendLocation(u, 31.23, 121.47))
	m = h.last(u)
	mustContain(t, m.Text, "Please confirm the visit", "Acme Trading", "on-site", "2026-11-30", "location attached")
	m = h.press(u, m, "Save")
	mustContain(t, m.Text, "Visit to <b>Acme Trading</b> saved", "2026-11-30")

	var stage string
	var photos int
	var lat float64
	if err := h.pool.QueryRow(context.Background(), `SELECT c.stage, cardinality(v.photo_file_ids), v.latitude FROM visits v JOIN clients c ON c.id = v.client_id`).Scan(&stage, &photos, &lat); err != nil {
		t.Fatal(err)
	}
	if stage != "active" || photos != 1 || lat != 31.23 {
		t.Fatalf("after the visit: stage %s photos %d lat %v; want active 1 31.23", stage, photos, lat)
	}
	m = h.press(u, m, "Open client card")
	mustContain(t, m.Text, "Discussed the phase 2 quote", "Last contact: today")
}

func TestOneLineVisitAsksOnlyWhatIsAmbiguous(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "zh")
	h.say(u, "/lang")
	h.press(u, h.last(u), "English")
	h.createClient(u, "华为科技有限公司")

	// Kind said, client unique: saved at once.
	m := h.say(u, "/visit 华为: 电话 确认了二期需求 下周二")
	mustContain(t, m.Text, "saved", "2026-12-01")
	var kind, notes string
	if err := h.pool.QueryRow(context.Background(), `SELECT kind, notes FROM visits`).Scan(&kind, &notes); err != nil {
		t.Fatal(err)
	}
	if kind != "phone" || strings.Contains(notes, "下周二") || !strings.Contains(notes, "确认了二期需求") {
		t.Fatalf("quick visit stored kind %q notes %q", kind, notes)
	}
	// Kind not said: one tap.
	m = h.say(u, "/visit hwkj: sent the contract next 2w")
	m = h.press(u, m, "video")
	mustContain(t, m.Text, "saved", "2026-12-07")
	if n := h.count(`SELECT count(*) FROM visits`); n != 2 {
		t.Fatalf("%d visits, want 2", n)
	}
	m = h.say(u, "/visit no colon here")
	mustContain(t, m.Text, "Quick form")
}

func TestFollowUpShowsInTodayAndOverdueLater(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.say(u, "/visit Acme: call about the invoice next 3d")
	mustContain(t, m.Text, "saved", "2026-11-26")
	m = h.say(u, "/today")
	mustNotContain(t, m.Text, "Acme Trading")
	h.clock.Add(4 * 24 * time.Hour)
	m = h.say(u, "/today")
	mustContain(t, m.Text, "Acme Trading", "overdue")
	m = h.press(u, m, "Done")
	mustNotContain(t, m.Text, "overdue")
}

func TestCancelWorksInEveryStepAndStoresNothing(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	steps := []func(){
		func() { h.press(u, h.last(u), "Acme Trading") },
		func() { h.press(u, h.last(u), "phone") },
		func() { h.say(u, "notes") },
		func() { h.press(u, h.last(u), "Skip") },
	}
	for n := 0; n <= len(steps); n++ {
		h.say(u, "/visit")
		for _, s := range steps[:n] {
			s()
		}
		m := h.say(u, "/cancel")
		mustContain(t, m.Text, "Cancelled the visit log; nothing was saved")
	}
	m := h.say(u, "/cancel")
	mustContain(t, m.Text, "nothing to cancel")
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Fatalf("%d visits after cancelling, want 0", n)
	}
}

func TestBadInputIsRefusedPolitelyAndLosesNothing(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.say(u, "/visit")
	m = h.press(u, m, "Acme Trading")
	h.press(u, m, "phone")
	m = h.say(u, strings.Repeat("长", 4001))
	mustContain(t, m.Text, "too long")
	m = h.say(u, "Short notes")
	m = h.press(u, m, "Skip")
	m = h.say(u, "2026-02-30")
	mustContain(t, m.Text, "could not read that date")
	m = h.say(u, "2026-11-01")
	mustContain(t, m.Text, "in the past")
	m = h.say(u, "12月5日")
	mustContain(t, m.Text, "share where you met")
	m = h.say(u, "Skip")
	m = h.last(u)
	mustContain(t, m.Text, "Short notes", "2026-12-05")
	h.press(u, m, "Save")
	if n := h.count(`SELECT count(*) FROM visits WHERE notes = 'Short notes'`); n != 1 {
		t.Fatalf("visit not saved after the refusals")
	}
}

func TestOneLineVisitWithSeveralMatchesAsksWhichClient(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "华为科技有限公司")
	h.createClient(u, "华为电子有限公司")
	m := h.say(u, "/visit 华为: phone 谈了续约 next 2w")
	if !hasButton(m, "华为科技") || !hasButton(m, "华为电子") {
		t.Fatalf("ambiguous client not offered as buttons:\n%s %v", m.Text, m.Inline)
	}
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Fatal("visit saved before the client was chosen")
	}
	m = h.press(u, m, "华为电子")
	mustContain(t, m.Text, "saved", "华为电子", "2026-12-07")
	var name, kind string
	if err := h.pool.QueryRow(context.Background(), `SELECT c.name, v.kind FROM visits v JOIN clients c ON c.id = v.client_id`).Scan(&name, &kind); err != nil {
		t.Fatal(err)
	}
	if name != "华为电子有限公司" || kind != "phone" {
		t.Fatalf("visit stored on %q as %q", name, kind)
	}
}

func TestVoiceNoteIsKeptAsTheVisitNotes(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.press(u, h.say(u, "/visit"), "Acme Trading")
	h.press(u, m, "on-site")
	h.waitDone(h.tg.SendVoice(u, "voice-file-77", 42))
	m = h.press(u, h.last(u), "Skip") // outcome
	h.press(u, m, "No follow-up")     // follow-up
	m = h.say(u, "Skip")              // location
	mustContain(t, m.Text, "voice")
	h.press(u, m, "Save")
	if n := h.count(`SELECT count(*) FROM visits WHERE voice_file_id = 'voice-file-77'`); n != 1 {
		t.Fatal("voice note not stored with the visit")
	}
}
