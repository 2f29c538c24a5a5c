package churn

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestManyNormalClientsAtRiskAreSummarisedPastTheCap(t *testing.T) {
	t.Parallel()
	b := setup(t)
	last := ptr(time.Date(2027, 1, 1, 10, 0, 0, 0, shanghai))
	for i := range MaxNormalAlerts + 5 {
		b.client(t, spec{name: fmt.Sprintf("普通%02d", i), tier: "normal", contact: last})
	}
	for i := range 3 {
		b.client(t, spec{name: fmt.Sprintf("重点%02d", i), contact: last}) // key: never capped
	}
	// Day 95: 94 days without contact for all; normal cadence 90, key 60.
	want := 2 * (MaxNormalAlerts + 3 + 1) // per manager: capped normals, the keys, one summary
	if n := b.run(t, day(95)); n != want {
		t.Fatalf("enqueued %d, want %d", n, want)
	}
	var summaries []sent
	for _, m := range b.outbox(t, KindAlert) {
		if strings.HasPrefix(m.Key, "churn:more:") {
			summaries = append(summaries, m)
		}
	}
	if len(summaries) != 2 {
		t.Fatalf("%d summaries, want one per manager", len(summaries))
	}
	for _, s := range summaries {
		if s.Key != fmt.Sprintf("churn:more:2027-04-06:staff:%d", s.StaffID) || len(s.Buttons) != 1 || s.Buttons[0][0].Data != "rk:0" {
			t.Errorf("summary key %q buttons %v", s.Key, s.Buttons)
		}
		if s.StaffID == b.managerZh.StaffID && !strings.Contains(s.Text, "今天另有 5 个普通客户出现流失风险") ||
			s.StaffID == b.managerEn.StaffID && !strings.Contains(s.Text, "5 more normal-tier clients are at risk today") {
			t.Errorf("summary text:\n%s", s.Text)
		}
		if !strings.Contains(s.Text, "普通24") || strings.Contains(s.Text, "普通00") {
			t.Errorf("summary does not name the clients past the cap:\n%s", s.Text)
		}
	}
	// Every at-risk client has its episode, alerted or summarised.
	var open int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM churn_episodes WHERE ended_on IS NULL`).Scan(&open); err != nil || open != MaxNormalAlerts+8 {
		t.Fatalf("%d open episodes, want %d (%v)", open, MaxNormalAlerts+8, err)
	}
	if n := b.run(t, day(95)); n != 0 {
		t.Fatalf("a second scan the same day enqueued %d", n)
	}
}

func TestSummaryTextNamesTheFirstAndCountsTheRest(t *testing.T) {
	t.Parallel()
	got := SummaryText(17, []string{"A&B", "C"}, "en")
	want := "⚠️ <b>Churn alert</b>: 17 more normal-tier clients are at risk today (not alerted one by one):\nA&amp;B, C and 15 more\n\n" +
		"See each one's reasons and assign win-back visits with /risk."
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := SummaryText(2, []string{"甲", "乙"}, "zh"); !strings.Contains(got, "甲、乙\n") {
		t.Fatalf("zh list: %s", got)
	}
}

func TestOpenListsTheTeamsAtRiskStrategicFirst(t *testing.T) {
	t.Parallel()
	b := setup(t)
	last := ptr(time.Date(2027, 1, 1, 10, 0, 0, 0, shanghai))
	normal := b.client(t, spec{name: "普通", tier: "normal", contact: last})
	key := b.client(t, spec{name: "重点", contact: last})
	strategic := b.client(t, spec{name: "战略", tier: "strategic", contact: last})
	other := b.client(t, spec{team: b.teamB, owner: b.salesB.StaffID, name: "北方", tier: "strategic", contact: last})
	b.run(t, day(95))
	ids := func(es []Episode) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ClientID)
		}
		return out
	}
	a, err := b.scanner.Open(b.ctx, b.teamA)
	if err != nil || fmt.Sprint(ids(a)) != fmt.Sprint([]int64{strategic, key, normal}) {
		t.Fatalf("team A at risk = %v (%v), want strategic, key, normal", ids(a), err)
	}
	both, err := b.scanner.Open(b.ctx, b.teamA, b.teamB)
	if err != nil || len(both) != 4 || both[0].ClientID != strategic && both[0].ClientID != other || both[3].ClientID != normal {
		t.Fatalf("both teams at risk = %v (%v)", ids(both), err)
	}
}
