package reminder

import (
	"fmt"
	"testing"
)

func TestFollowUpsOnTheDayAndOnceOverdue(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ca := b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械"})
	cb := b.client(t, clientSpec{team: b.teamA, owner: b.ownerEn.ID, name: "A&B <Co>"})
	// Visited 00:30 on Feb 21 in Shanghai, still Feb 20 in UTC.
	today := b.visit(t, ca, b.ownerA.ID, "onsite", at(2027, 2, 21, 0, 30), "2027-03-02", false, "带样品<新款>")
	late := b.visit(t, cb, b.ownerEn.ID, "phone", at(2027, 2, 25, 16, 0), "2027-02-27", false, "")
	edge := b.visit(t, ca, b.ownerA.ID, "video", at(2027, 1, 20, 10, 0), "2027-01-31", false, "")
	b.visit(t, ca, b.ownerA.ID, "video", at(2027, 1, 20, 10, 0), "2027-01-30", false, "too old")
	b.visit(t, ca, b.ownerA.ID, "phone", at(2027, 2, 25, 10, 0), "2027-03-01", true, "done")
	tomorrow := b.visit(t, ca, b.ownerA.ID, "phone", at(2027, 2, 25, 10, 0), "2027-03-03", false, "")
	b.visit(t, ca, b.leftA.ID, "phone", at(2027, 2, 25, 10, 0), "2027-03-02", false, "author left")
	b.visit(t, ca, b.ownerA.ID, "phone", at(2027, 2, 25, 10, 0), "", false, "no follow-up")

	if n := run(t, b.r.FollowUps, at(2027, 3, 2, 9, 0)); n != 3 {
		t.Fatalf("%d reminders, want 3", n)
	}
	got := map[string]sent{}
	for _, s := range b.outbox(t) {
		got[s.Key] = s
	}
	due := got[fmt.Sprintf("followup:%d:due", today)]
	if due.ChatID != b.ownerA.ChatID || due.StaffID != b.ownerA.ID || due.Kind != "followup" ||
		due.Text != "📌 <b>今日跟进</b>\n🏢 <b>华东机械</b>\n拜访：2月21日 · 上门拜访\n记录：带样品&lt;新款&gt;" ||
		buttons(due.Buttons) != fmt.Sprintf(`[[{"text":"打开客户卡片","data":"c:%d"},{"text":"✓ 已跟进","data":"fu:%d"}]]`, ca, today) {
		t.Errorf("due today: %+v", due)
	}
	over := got[fmt.Sprintf("followup:%d:overdue", late)]
	if over.ChatID != b.ownerEn.ChatID ||
		over.Text != "⏰ <b>Follow-up overdue</b>\n🏢 <b>A&amp;B &lt;Co&gt;</b>\nFollow-up date: 2027-02-27 (3 days overdue)\nVisit: 2027-02-25 · phone" ||
		buttons(over.Buttons) != fmt.Sprintf(`[[{"text":"Open client card","data":"c:%d"},{"text":"✓ Done","data":"fu:%d"}]]`, cb, late) {
		t.Errorf("overdue: %+v", over)
	}
	if _, ok := got[fmt.Sprintf("followup:%d:overdue", edge)]; !ok {
		t.Errorf("a follow-up 30 days overdue was not reminded: %v", keys(b.outbox(t)))
	}

	if n := run(t, b.r.FollowUps, at(2027, 3, 2, 15, 0)); n != 0 {
		t.Fatalf("rerun enqueued %d", n)
	}
	if n := run(t, b.r.FollowUps, at(2027, 3, 3, 9, 0)); n != 2 {
		t.Fatalf("next day %d, want today's now overdue and tomorrow's due", n)
	}
	want := []string{fmt.Sprintf("followup:%d:overdue", today), fmt.Sprintf("followup:%d:due", tomorrow)}
	if got := keys(b.outbox(t))[3:]; !equal(got, want) {
		t.Fatalf("next day keys %v, want %v", got, want)
	}
	if n := run(t, b.r.FollowUps, at(2027, 3, 4, 9, 0)); n != 1 {
		t.Fatalf("day after: %d, want only tomorrow's follow-up once overdue", n)
	}
}

func TestRunSendsReviewsAndFollowUps(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ca := b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械", review: "2027-03-02"})
	v := b.visit(t, ca, b.ownerA.ID, "phone", at(2027, 2, 25, 10, 0), "2027-03-02", false, "")
	if n := run(t, b.r.Run, at(2027, 3, 2, 9, 0)); n != 2 {
		t.Fatalf("Run enqueued %d, want 2", n)
	}
	want := []string{fmt.Sprintf("review:2027-03-02:client:%d", ca), fmt.Sprintf("followup:%d:due", v)}
	if got := keys(b.outbox(t)); !equal(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
	if n := run(t, b.r.Run, at(2027, 3, 2, 9, 0)); n != 0 {
		t.Fatalf("second Run enqueued %d", n)
	}
}
