package reminder

import (
	"fmt"
	"sort"
	"testing"
	"time"
)

func TestOverdueFeedbackGoesToTheAssigneeThenToTheManagers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ca := b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械"})
	cb := b.client(t, clientSpec{team: b.teamB, owner: b.salesB.ID, name: "华北重工"})
	f := b.feedback(t, ca, b.ownerA.ID, "complaint", "high", "open", "2027-03-01", "交货延迟两周 <急>")
	b.feedback(t, ca, b.ownerA.ID, "complaint", "high", "resolved", "2027-02-01", "早已解决")
	b.feedback(t, cb, b.salesB.ID, "request", "low", "in_progress", "2027-03-04", "not overdue in this test")

	if n := run(t, b.r.Escalate, at(2027, 3, 1, 23, 0)); n != 0 {
		t.Fatalf("on the due day: %d", n)
	}
	if n := run(t, b.r.Escalate, at(2027, 3, 2, 0, 0)); n != 1 {
		t.Fatalf("day after: %d, want the assignee's notice", n)
	}
	got := b.outbox(t)
	want := fmt.Sprintf("⚠️ <b>反馈已超过处理时限</b> #%d\n🏢 <b>华东机械</b> · 投诉 · 高优先级\n处理时限：3月1日（已逾期 1 天）\n状态：待处理\n交货延迟两周 &lt;急&gt;", f)
	if got[0].Key != fmt.Sprintf("feedback:%d:overdue", f) || got[0].ChatID != b.ownerA.ChatID || got[0].Kind != "feedback" ||
		got[0].Text != want || buttons(got[0].Buttons) != fmt.Sprintf(`[[{"text":"查看","data":"fv:%d"}]]`, f) {
		t.Fatalf("got %+v\nwant text %q", got[0], want)
	}
	// The due day ended at 00:00 on March 2; 48 hours later is March 4 00:00.
	if n := run(t, b.r.Escalate, at(2027, 3, 3, 23, 0)); n != 0 {
		t.Fatalf("before the delay: %d", n)
	}
	if n := run(t, b.r.Escalate, at(2027, 3, 4, 0, 0)); n != 2 {
		t.Fatalf("after the delay: %d, want both managers of team A", n)
	}
	got = b.outbox(t)[1:]
	sort.Slice(got, func(i, j int) bool { return got[i].StaffID < got[j].StaffID })
	if got[0].Key != fmt.Sprintf("feedback:%d:escalated:staff:%d", f, b.mgrA.ID) || got[0].ChatID != b.mgrA.ChatID ||
		got[1].Key != fmt.Sprintf("feedback:%d:escalated:staff:%d", f, b.mgrAEn.ID) || got[1].Kind != "escalation" {
		t.Fatalf("escalations %+v", got)
	}
	wantEn := fmt.Sprintf("🚨 <b>Overdue feedback escalated</b> #%d\n🏢 <b>华东机械</b> · complaint · high severity\nAssignee: 李销售\n"+
		"Due: 2027-03-01 (3 days overdue)\nStatus: open\n交货延迟两周 &lt;急&gt;", f)
	if got[1].Text != wantEn || buttons(got[1].Buttons) != fmt.Sprintf(`[[{"text":"View","data":"fv:%d"}]]`, f) {
		t.Fatalf("en escalation %q\nwant %q", got[1].Text, wantEn)
	}
	if n := run(t, b.r.Escalate, at(2027, 3, 4, 1, 0)); n != 0 {
		t.Fatalf("next hour: %d", n)
	}
}

func TestEscalationSkipsTheAssigningManagerAndReachesPastALeaver(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ca := b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械"})
	cb := b.client(t, clientSpec{team: b.teamB, owner: b.salesB.ID, name: "华北重工"})
	byMgr := b.feedback(t, ca, b.mgrA.ID, "suggestion", "medium", "open", "2027-02-20", "改进包装")
	byLeaver := b.feedback(t, ca, b.leftA.ID, "complaint", "low", "open", "2027-02-20", "质量问题")
	teamB := b.feedback(t, cb, b.salesB.ID, "request", "low", "in_progress", "2027-02-27", "加急")
	if n := run(t, b.r.Escalate, at(2027, 3, 2, 0, 0)); n != 6 {
		t.Fatalf("%d messages, want 6: %v", n, keys(b.outbox(t)))
	}
	want := []string{
		fmt.Sprintf("feedback:%d:overdue", byMgr),
		fmt.Sprintf("feedback:%d:escalated:staff:%d", byMgr, b.mgrAEn.ID),
		fmt.Sprintf("feedback:%d:escalated:staff:%d", byLeaver, b.mgrA.ID),
		fmt.Sprintf("feedback:%d:escalated:staff:%d", byLeaver, b.mgrAEn.ID),
		fmt.Sprintf("feedback:%d:overdue", teamB),
		// Due Feb 27: the day ended Feb 28 00:00, 48 hours before now.
		fmt.Sprintf("feedback:%d:escalated:staff:%d", teamB, b.mgrB.ID),
	}
	if got := keys(b.outbox(t)); !equal(got, want) {
		t.Fatalf("keys %v\nwant %v", got, want)
	}
}

func TestEscalationDelayIsConfigurable(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.r = New(b.pool, shanghai, nil, 2*time.Hour, nil)
	ca := b.client(t, clientSpec{team: b.teamA, owner: b.ownerA.ID, name: "华东机械"})
	f := b.feedback(t, ca, b.ownerA.ID, "complaint", "high", "open", "2027-03-01", "交货延迟")
	if n := run(t, b.r.Escalate, at(2027, 3, 2, 1, 0)); n != 1 {
		t.Fatalf("01:00: %d, want the assignee only", n)
	}
	if n := run(t, b.r.Escalate, at(2027, 3, 2, 2, 0)); n != 2 {
		t.Fatalf("02:00: %d, want the two managers", n)
	}
	if got := keys(b.outbox(t)); got[0] != fmt.Sprintf("feedback:%d:overdue", f) {
		t.Fatalf("keys %v", got)
	}
}
