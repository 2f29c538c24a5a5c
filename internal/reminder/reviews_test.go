package reminder

import (
	"fmt"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestReviewReminderOnTheDayItIsDue(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// A key client created on 2027-01-01 and not contacted since: its
	// review is due on day 60, 2027-03-02.
	last := at(2027, 1, 1, 15, 0)
	c := b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械", tier: "key", review: "2027-03-02", lastContact: &last})
	if n := run(t, b.r.Reviews, at(2027, 3, 1, 9, 0)); n != 0 {
		t.Fatalf("day 59: %d reminders", n)
	}
	if n := run(t, b.r.Reviews, at(2027, 3, 2, 9, 0)); n != 1 {
		t.Fatalf("day 60: %d reminders, want 1", n)
	}
	got := b.outbox(t)
	cid := fmt.Sprint(c)
	want := sent{
		Key: "review:2027-03-02:client:" + cid, ChatID: b.ownerA.ChatID, StaffID: b.ownerA.ID, Kind: "review",
		Text: "📋 <b>客户复核提醒</b>\n🏢 <b>华东机械</b> · 重点客户\n复核日期：3月2日（今天）\n最近联系：1月1日（60 天前）\n复核周期：每 60 天",
	}
	wantKB := `[[{"text":"打开客户卡片","data":"c:` + cid + `"}],[{"text":"✓ 已复核","data":"rv:` + cid + `"},{"text":"推迟 7 天","data":"rz:` + cid + `"}]]`
	if len(got) != 1 || got[0].Key != want.Key || got[0].ChatID != want.ChatID || got[0].StaffID != want.StaffID ||
		got[0].Kind != want.Kind || got[0].Text != want.Text || buttons(got[0].Buttons) != wantKB {
		t.Fatalf("got %+v\nwant %+v %s", got, want, wantKB)
	}
	if n := run(t, b.r.Reviews, at(2027, 3, 2, 15, 0)); n != 0 {
		t.Fatalf("second run the same day enqueued %d", n)
	}
}

func TestReviewReminderInEnglishEscapesTheName(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.r.SnoozeDays = 3
	c := b.client(t, clientSpec{team: b.teamA, owner: b.ownerEn.ID, name: "A&B <Co>", review: "2027-02-25"})
	run(t, b.r.Reviews, at(2027, 3, 2, 9, 0))
	got := b.outbox(t)
	cid := fmt.Sprint(c)
	wantText := "📋 <b>Client review due</b>\n🏢 <b>A&amp;B &lt;Co&gt;</b> · normal\nReview due: 2027-02-25 (5 days overdue)\n" +
		"Last contact: none recorded\nReview cadence: every 90 days"
	wantKB := `[[{"text":"Open client card","data":"c:` + cid + `"}],[{"text":"✓ Reviewed","data":"rv:` + cid + `"},{"text":"Snooze 3 days","data":"rz:` + cid + `"}]]`
	if len(got) != 1 || got[0].Text != wantText || buttons(got[0].Buttons) != wantKB || got[0].ChatID != b.ownerEn.ChatID {
		t.Fatalf("got %+v\nwant %q %s", got, wantText, wantKB)
	}
}

func TestReviewOfAClientWithoutActiveOwnerGoesToTheTeamsManagers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	orphan := b.client(t, clientSpec{team: b.teamA, name: "无主客户", review: "2027-03-01"})
	left := b.client(t, clientSpec{team: b.teamA, owner: b.leftA.ID, name: "离职者的客户", review: "2027-03-02"})
	orphanB := b.client(t, clientSpec{team: b.teamB, name: "华北无主", review: "2027-03-02"})
	b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "已流失", stage: "churned", review: "2027-01-01"})
	b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "明天复核", review: "2027-03-03"})
	b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "没有复核日期"})
	if n := run(t, b.r.Reviews, at(2027, 3, 2, 9, 0)); n != 5 {
		t.Fatalf("%d reminders, want 5", n)
	}
	got := map[string]sent{}
	for _, s := range b.outbox(t) {
		got[s.Key] = s
	}
	want := map[string]int64{
		fmt.Sprintf("review:2027-03-01:client:%d:staff:%d", orphan, b.mgrA.ID):   b.mgrA.ChatID,
		fmt.Sprintf("review:2027-03-01:client:%d:staff:%d", orphan, b.mgrAEn.ID): b.mgrAEn.ChatID,
		fmt.Sprintf("review:2027-03-02:client:%d:staff:%d", left, b.mgrA.ID):     b.mgrA.ChatID,
		fmt.Sprintf("review:2027-03-02:client:%d:staff:%d", left, b.mgrAEn.ID):   b.mgrAEn.ChatID,
		fmt.Sprintf("review:2027-03-02:client:%d:staff:%d", orphanB, b.mgrB.ID):  b.mgrB.ChatID,
	}
	for key, chat := range want {
		if got[key].ChatID != chat {
			t.Errorf("%s: chat %d, want %d (got keys %v)", key, got[key].ChatID, chat, keys(b.outbox(t)))
		}
	}
	zh := got[fmt.Sprintf("review:2027-03-01:client:%d:staff:%d", orphan, b.mgrA.ID)].Text
	en := got[fmt.Sprintf("review:2027-03-01:client:%d:staff:%d", orphan, b.mgrAEn.ID)].Text
	if zh != "📋 <b>客户复核提醒</b>\n🏢 <b>无主客户</b> · 普通客户\n复核日期：3月1日（已逾期 1 天）\n最近联系：暂无记录\n复核周期：每 90 天\n⚠️ 该客户暂无在职负责人，请安排跟进。" {
		t.Errorf("zh manager text %q", zh)
	}
	if en != "📋 <b>Client review due</b>\n🏢 <b>无主客户</b> · normal\nReview due: 2027-03-01 (1 day overdue)\nLast contact: none recorded\n"+
		"Review cadence: every 90 days\n⚠️ This client has no active owner: please assign one." {
		t.Errorf("en manager text %q", en)
	}
}

func TestAtMostTenReviewsPerPersonAndDayTheRestLater(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var normal, key, strategic []int64
	for i := range 3 {
		normal = append(normal, b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: fmt.Sprintf("普通%d", i), review: "2027-02-01"}))
	}
	for i := range 5 {
		key = append(key, b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: fmt.Sprintf("重点%d", i), tier: "key", review: "2027-02-20"}))
		strategic = append(strategic, b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: fmt.Sprintf("战略%d", i), tier: "strategic", review: "2027-03-02"}))
	}
	b.client(t, clientSpec{team: b.teamA, owner: b.ownerEn.ID, name: "Other owner", review: "2027-03-02"})

	if n := run(t, b.r.Reviews, at(2027, 3, 2, 9, 0)); n != 11 {
		t.Fatalf("first day: %d, want 10 for the busy owner and 1 for the other", n)
	}
	var wantFirst []string
	for _, id := range strategic {
		wantFirst = append(wantFirst, fmt.Sprintf("review:2027-03-02:client:%d", id))
	}
	for _, id := range key {
		wantFirst = append(wantFirst, fmt.Sprintf("review:2027-02-20:client:%d", id))
	}
	if got := keys(b.outbox(t))[:10]; !equal(got, wantFirst) {
		t.Fatalf("first ten %v\nwant strategic then key: %v", got, wantFirst)
	}
	if n := run(t, b.r.Reviews, at(2027, 3, 2, 17, 0)); n != 0 {
		t.Fatalf("a second run the same day sent %d more", n)
	}
	if n := run(t, b.r.Reviews, at(2027, 3, 3, 9, 0)); n != 3 {
		t.Fatalf("next day: %d, want the 3 left", n)
	}
	rest := keys(b.outbox(t))[11:]
	for i, id := range normal {
		if want := fmt.Sprintf("review:2027-02-01:client:%d", id); rest[i] != want {
			t.Errorf("next day #%d %s, want %s", i, rest[i], want)
		}
	}
	if n := run(t, b.r.Reviews, at(2027, 3, 4, 9, 0)); n != 0 {
		t.Fatalf("third day: %d, want none (each due date reminded once)", n)
	}
}

func TestSnoozedReviewIsRemindedAgainOnItsNewDate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械", tier: "key", review: "2027-03-02"})
	run(t, b.r.Reviews, at(2027, 3, 2, 9, 0))
	now := at(2027, 3, 2, 9, 30)
	store := client.NewStore(b.pool, func() time.Time { return now }, shanghai)
	owner := access.Actor{StaffID: b.ownerA.ID, Role: access.Sales, TeamID: b.teamA}
	if _, err := store.Snooze(b.ctx, owner, c, 7); err != nil {
		t.Fatal(err)
	}
	if n := run(t, b.r.Reviews, at(2027, 3, 8, 9, 0)); n != 0 {
		t.Fatalf("reminded %d before the snooze ended", n)
	}
	if n := run(t, b.r.Reviews, at(2027, 3, 9, 9, 0)); n != 1 {
		t.Fatalf("%d reminders on the snoozed date, want 1", n)
	}
	want := []string{fmt.Sprintf("review:2027-03-02:client:%d", c), fmt.Sprintf("review:2027-03-09:client:%d", c)}
	if got := keys(b.outbox(t)); !equal(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
}

func TestReviewDayIsReadInTheTeamsZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械", review: "2027-03-02"})
	if n := run(t, b.r.Reviews, at(2027, 3, 1, 23, 55)); n != 0 {
		t.Fatalf("23:55 the day before: %d", n)
	}
	// 00:05 in Shanghai is still March 1 in UTC.
	if n := run(t, b.r.Reviews, at(2027, 3, 2, 0, 5)); n != 1 {
		t.Fatalf("00:05 on the day: %d, want 1", n)
	}
}
