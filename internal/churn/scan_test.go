package churn

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

func TestDay61WithoutContactAlertsEachManagerOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	lastVisit := time.Date(2027, 1, 1, 15, 0, 0, 0, shanghai)
	c := b.client(t, spec{name: "华东<机械>&Co", contact: &lastVisit})
	b.client(t, spec{team: b.teamB, owner: b.salesB.StaffID, name: "北方金融", contact: ptr(lastVisit.AddDate(0, 0, 30))})
	fresh := b.client(t, spec{name: "新近拜访", contact: ptr(day(55))})

	if n := b.run(t, day(60)); n != 0 {
		t.Fatalf("day 60 enqueued %d, want 0", n)
	}
	if n := b.run(t, day(61)); n != 2 {
		t.Fatalf("day 61 enqueued %d, want 2 (one per manager of team A)", n)
	}
	e := b.onlyEpisode(t, c)
	b.checkReasons(t, e.ID, `[{"code":"no_contact","days":61,"limit":60}]`)
	if !e.StartedOn.Equal(date(2027, 3, 3)) || !e.Open() || e.TeamID != b.teamA {
		t.Errorf("episode = %+v, want open in team A since 2027-03-03", e)
	}
	msgs := b.outbox(t, KindAlert)
	if len(msgs) != 2 {
		t.Fatalf("alerts = %+v, want 2", msgs)
	}
	byStaff := map[int64]sent{}
	for _, m := range msgs {
		byStaff[m.StaffID] = m
	}
	zh, en := byStaff[b.managerZh.StaffID], byStaff[b.managerEn.StaffID]
	if zh.Key != key("churn", e.ID, b.managerZh.StaffID) || en.Key != key("churn", e.ID, b.managerEn.StaffID) {
		t.Errorf("keys = %q, %q", zh.Key, en.Key)
	}
	if zh.ChatID != 1000+2 || en.ChatID != 1000+3 {
		t.Errorf("chats = %d, %d; want the managers' chats", zh.ChatID, en.ChatID)
	}
	wantZh := "⚠️ <b>流失预警</b>：<b>华东&lt;机械&gt;&amp;Co</b>\n重点客户 · 活跃客户 · 负责人：张三\n原因：\n" +
		"• 已 61 天未联系（上限 60 天）\n\n请指派挽回拜访，或确认已知悉。"
	if zh.Text != wantZh {
		t.Errorf("zh text =\n%s\nwant\n%s", zh.Text, wantZh)
	}
	wantEn := "⚠️ <b>Churn alert</b>: <b>华东&lt;机械&gt;&amp;Co</b>\nkey · active · owner: 张三\nWhy:\n" +
		"• no contact for 61 days (limit 60)\n\nAssign a win-back visit, or acknowledge."
	if en.Text != wantEn {
		t.Errorf("en text =\n%s\nwant\n%s", en.Text, wantEn)
	}
	id, cid := strconv.FormatInt(e.ID, 10), strconv.FormatInt(c, 10)
	wantButtons := [][]outbox.Button{
		{{Text: "🔁 Assign win-back visit", Data: "cw:" + id}, {Text: "✓ Acknowledge", Data: "ca:" + id}},
		{{Text: "Open client card", Data: "c:" + cid}},
	}
	if !reflect.DeepEqual(en.Buttons, wantButtons) {
		t.Errorf("buttons = %+v, want %+v", en.Buttons, wantButtons)
	}

	if n := b.run(t, day(61)); n != 0 {
		t.Errorf("day 61 again enqueued %d, want 0", n)
	}
	if n := b.run(t, day(62)); n != 0 {
		t.Errorf("day 62 enqueued %d, want 0: one alert per episode, not one a day", n)
	}
	if len(b.episodes(t, c)) != 1 || len(b.episodes(t, fresh)) != 0 {
		t.Errorf("episodes: %+v / %+v", b.episodes(t, c), b.episodes(t, fresh))
	}
	open, err := b.scanner.Open(b.ctx, b.teamA)
	if err != nil || len(open) != 1 || open[0].ID != e.ID {
		t.Errorf("Open(team A) = %+v, %v", open, err)
	}
}

func TestDaysCountInTheTeamsZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// 23:30 on Jan 1 in Shanghai is still Jan 1 there (15:30 UTC).
	c := b.client(t, spec{contact: ptr(time.Date(2027, 1, 1, 23, 30, 0, 0, shanghai))})
	// 00:10 on Mar 3 in Shanghai is day 61 there, though Mar 2 in UTC.
	if n := b.run(t, time.Date(2027, 3, 3, 0, 10, 0, 0, shanghai)); n != 2 {
		t.Fatalf("just after midnight on day 61 enqueued %d, want 2", n)
	}
	if e := b.onlyEpisode(t, c); e.Reasons[0].Days != 61 || !e.StartedOn.Equal(date(2027, 3, 3)) {
		t.Errorf("episode = %+v", e)
	}
}

func TestVisitEndsEpisodeAndLaterRiskOpensANewOne(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, spec{contact: ptr(time.Date(2027, 1, 1, 15, 0, 0, 0, shanghai))})
	if n := b.run(t, day(61)); n != 2 {
		t.Fatalf("day 61 enqueued %d, want 2", n)
	}
	first := b.onlyEpisode(t, c)

	visitedAt := day(63).Add(2 * time.Hour)
	b.setNow(visitedAt)
	if _, _, err := b.visits.Log(b.ctx, b.ownerA, visit.Draft{ClientID: c, Kind: visit.Kind("onsite"), Notes: "挽回拜访，客户满意"}, 0); err != nil {
		t.Fatal(err)
	}
	if n := b.run(t, day(64)); n != 0 {
		t.Fatalf("day after the visit enqueued %d, want 0", n)
	}
	es := b.episodes(t, c)
	if len(es) != 1 || es[0].Open() || !es[0].EndedOn.Equal(date(2027, 3, 6)) || es[0].EndReason != EndContactResumed {
		t.Fatalf("episodes after the visit = %+v, want the first ended on 2027-03-06 as contact resumed", es)
	}
	open, err := b.scanner.Open(b.ctx, b.teamA)
	if err != nil || len(open) != 0 {
		t.Errorf("Open = %+v, %v; want none", open, err)
	}

	// 61 days after the visit the client is at risk again: a new episode,
	// a new alert to each manager.
	if n := b.run(t, day(63+60)); n != 0 {
		t.Fatalf("day 60 after the visit enqueued %d, want 0", n)
	}
	if n := b.run(t, day(63+61)); n != 2 {
		t.Fatalf("day 61 after the visit enqueued %d, want 2", n)
	}
	es = b.episodes(t, c)
	if len(es) != 2 || !es[1].Open() || es[1].ID == first.ID {
		t.Fatalf("episodes = %+v, want a second, open one", es)
	}
	keys := map[string]bool{}
	for _, m := range b.outbox(t, KindAlert) {
		keys[m.Key] = true
	}
	for _, want := range []string{key("churn", first.ID, b.managerZh.StaffID), key("churn", es[1].ID, b.managerZh.StaffID),
		key("churn", first.ID, b.managerEn.StaffID), key("churn", es[1].ID, b.managerEn.StaffID)} {
		if !keys[want] {
			t.Errorf("missing alert %s in %v", want, keys)
		}
	}
}

func TestActivityDropCountsVisitsAndDeals(t *testing.T) {
	t.Parallel()
	b := setup(t)
	today := day(400) // 2028-02-05
	recentContact := today.AddDate(0, 0, -5)
	dropping := b.client(t, spec{tier: "normal", name: "下滑", contact: &recentContact})
	steady := b.client(t, spec{tier: "normal", name: "稳定", contact: &recentContact})
	for _, c := range []int64{dropping, steady} {
		// Four visits and two deals in the 90 days before the last 90.
		for i := range 4 {
			b.pastVisit(t, c, today.AddDate(0, 0, -100-10*i))
		}
		for i := range 2 {
			b.exec(t, `INSERT INTO deals (client_id, deal_on, amount, created_at) VALUES ($1, $2, 1000, now())`,
				c, date(2028, 2, 5).AddDate(0, 0, -150-i))
		}
		// Old activity outside both windows does not count.
		b.pastVisit(t, c, today.AddDate(0, 0, -181))
	}
	// One visit in the last 90 days for dropping, three for steady (at 50%
	// the threshold is "at least half below": 3 of 6 would still be a drop,
	// so steady gets a fourth, which is a deal).
	b.pastVisit(t, dropping, recentContact)
	for i := range 3 {
		b.pastVisit(t, steady, recentContact.AddDate(0, 0, -i))
	}
	b.exec(t, `INSERT INTO deals (client_id, deal_on, amount, created_at) VALUES ($1, $2, 1000, now())`, steady, date(2028, 2, 1))
	// A visit today, after the scan's day starts, is not yet counted.
	b.pastVisit(t, dropping, today.Add(-time.Hour))

	if n := b.run(t, today); n != 2 {
		t.Fatalf("enqueued %d, want 2 (one client, two managers)", n)
	}
	e := b.onlyEpisode(t, dropping)
	b.checkReasons(t, e.ID, `[{"code":"activity_drop","recent":1,"before":6}]`)
	if es := b.episodes(t, steady); len(es) != 0 {
		t.Errorf("steady client has episodes %+v", es)
	}
	for _, m := range b.outbox(t, KindAlert) {
		if !strings.Contains(m.Text, "拜访和交易减少：近 90 天 1 次，此前 90 天 6 次") &&
			!strings.Contains(m.Text, "visits and deals down: 1 in the last 90 days, 6 in the 90 days before") {
			t.Errorf("alert does not explain the drop:\n%s", m.Text)
		}
	}
}
