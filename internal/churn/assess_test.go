package churn

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestAssess(t *testing.T) {
	t.Parallel()
	def := DefaultThresholds()
	loose := DefaultThresholds()
	loose.ContactFactor = 1.5
	loose.DropPercent = 100
	cases := []struct {
		name      string
		s         Signals
		t         Thresholds
		reasons   []Reason
		newStage  string
		opensEpis bool
	}{
		{name: "key client on day 60 is fine",
			s: Signals{Tier: "key", Stage: StageActive, Contacted: true, DaysSinceContact: 60}},
		{name: "key client on day 61 has no contact",
			s:       Signals{Tier: "key", Stage: StageActive, Contacted: true, DaysSinceContact: 61},
			reasons: []Reason{{Code: NoContact, Days: 61, Limit: 60}}, opensEpis: true},
		{name: "strategic client on day 31",
			s:       Signals{Tier: "strategic", Stage: StageActive, Contacted: true, DaysSinceContact: 31},
			reasons: []Reason{{Code: NoContact, Days: 31, Limit: 30}}, opensEpis: true},
		{name: "normal client on day 90 falls asleep before its limit",
			s:       Signals{Tier: "normal", Stage: StageActive, Contacted: true, DaysSinceContact: 90},
			reasons: []Reason{{Code: StageChange, From: StageActive, To: StageSleeping}}, newStage: StageSleeping, opensEpis: true},
		{name: "contact factor scales the limit",
			s: Signals{Tier: "key", Stage: StageActive, Contacted: true, DaysSinceContact: 89}, t: loose},
		{name: "unknown tier uses 90 days",
			s: Signals{Tier: "vip", Stage: StagePotential, Contacted: true, DaysSinceContact: 90}},
		{name: "potential client never contacted is no risk",
			s: Signals{Tier: "strategic", Stage: StagePotential, DaysSinceContact: 400, OverdueComplaints: 2}},
		{name: "potential client contacted once and forgotten",
			s:       Signals{Tier: "key", Stage: StagePotential, Contacted: true, DaysSinceContact: 200},
			reasons: []Reason{{Code: NoContact, Days: 200, Limit: 60}}, opensEpis: true},
		{name: "new client never contacted counts from its creation",
			s:        Signals{Tier: "normal", Stage: StageNew, DaysSinceContact: 95},
			reasons:  []Reason{{Code: NoContact, Days: 95, Limit: 90}, {Code: StageChange, From: StageNew, To: StageSleeping}},
			newStage: StageSleeping, opensEpis: true},
		{name: "active straight to churned after a long silence",
			s:        Signals{Tier: "normal", Stage: StageActive, Contacted: true, DaysSinceContact: 180},
			reasons:  []Reason{{Code: NoContact, Days: 180, Limit: 90}, {Code: StageChange, From: StageActive, To: StageChurned}},
			newStage: StageChurned, opensEpis: true},
		{name: "sleeping to churned",
			s:        Signals{Tier: "key", Stage: StageSleeping, Contacted: true, DaysSinceContact: 181},
			reasons:  []Reason{{Code: NoContact, Days: 181, Limit: 60}, {Code: StageChange, From: StageSleeping, To: StageChurned}},
			newStage: StageChurned, opensEpis: true},
		{name: "sleeping stays sleeping before the churn limit",
			s:       Signals{Tier: "key", Stage: StageSleeping, Contacted: true, DaysSinceContact: 179},
			reasons: []Reason{{Code: NoContact, Days: 179, Limit: 60}}, opensEpis: true},
		{name: "already churned is at risk but opens nothing",
			s:       Signals{Tier: "key", Stage: StageChurned, Contacted: true, DaysSinceContact: 400},
			reasons: []Reason{{Code: NoContact, Days: 400, Limit: 60}}},
		{name: "potential never changes stage",
			s:       Signals{Tier: "normal", Stage: StagePotential, Contacted: true, DaysSinceContact: 400},
			reasons: []Reason{{Code: NoContact, Days: 400, Limit: 90}}, opensEpis: true},
		{name: "activity half of before is a drop",
			s:       Signals{Tier: "normal", Stage: StageActive, Contacted: true, DaysSinceContact: 3, Recent: 3, Before: 6},
			reasons: []Reason{{Code: ActivityDrop, Recent: 3, Before: 6}}, opensEpis: true},
		{name: "activity a third below is no drop",
			s: Signals{Tier: "normal", Stage: StageActive, Contacted: true, DaysSinceContact: 3, Recent: 4, Before: 6}},
		{name: "too little before to call it a drop",
			s: Signals{Tier: "normal", Stage: StageActive, Contacted: true, DaysSinceContact: 3, Recent: 0, Before: 2}},
		{name: "drop of 100 percent needs no activity at all",
			s: Signals{Tier: "normal", Stage: StageActive, Contacted: true, DaysSinceContact: 3, Recent: 1, Before: 9}, t: loose},
		{name: "overdue complaints",
			s:       Signals{Tier: "normal", Stage: StageActive, Contacted: true, DaysSinceContact: 3, OverdueComplaints: 2},
			reasons: []Reason{{Code: OverdueComplaints, Count: 2}}, opensEpis: true},
		{name: "every reason at once, in a stable order",
			s: Signals{Tier: "key", Stage: StageActive, Contacted: true, DaysSinceContact: 100, Recent: 0, Before: 5, OverdueComplaints: 1},
			reasons: []Reason{{Code: NoContact, Days: 100, Limit: 60}, {Code: ActivityDrop, Recent: 0, Before: 5},
				{Code: OverdueComplaints, Count: 1}, {Code: StageChange, From: StageActive, To: StageSleeping}},
			newStage: StageSleeping, opensEpis: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			th := c.t
			if th.Cadence == nil {
				th = def
			}
			reasons, stage := Assess(c.s, th)
			if !reflect.DeepEqual(reasons, c.reasons) || stage != c.newStage {
				t.Errorf("Assess = %+v, %q; want %+v, %q", reasons, stage, c.reasons, c.newStage)
			}
			if got := opens(c.s, reasons); got != c.opensEpis {
				t.Errorf("opens = %v, want %v", got, c.opensEpis)
			}
		})
	}
}

func TestEpisodeHoldsWhileAtRiskOrAsleep(t *testing.T) {
	t.Parallel()
	some := []Reason{{Code: OverdueComplaints, Count: 1}}
	for _, c := range []struct {
		stage, newStage string
		reasons         []Reason
		want            bool
	}{
		{StageActive, "", some, true},
		{StageActive, "", nil, false},
		{StageSleeping, "", nil, true}, // asleep on day 90, limit day 91
		{StageChurned, "", nil, true},
		{StageActive, StageSleeping, nil, true},
		{StagePotential, "", nil, false},
		{StageNew, "", nil, false},
	} {
		if got := holds(Signals{Stage: c.stage}, c.reasons, c.newStage); got != c.want {
			t.Errorf("holds(%s -> %q, %d reasons) = %v, want %v", c.stage, c.newStage, len(c.reasons), got, c.want)
		}
	}
}

func TestReasonJSONHoldsOnlyItsFields(t *testing.T) {
	t.Parallel()
	rs := []Reason{
		{Code: NoContact, Days: 61, Limit: 60},
		{Code: ActivityDrop, Recent: 0, Before: 6},
		{Code: OverdueComplaints, Count: 2},
		{Code: StageChange, From: StageActive, To: StageSleeping},
	}
	got, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"code":"no_contact","days":61,"limit":60},{"code":"activity_drop","recent":0,"before":6},` +
		`{"code":"overdue_complaints","count":2},{"code":"stage","from":"active","to":"sleeping"}]`
	if string(got) != want {
		t.Fatalf("json = %s\nwant   %s", got, want)
	}
	var back []Reason
	if err := json.Unmarshal(got, &back); err != nil || !reflect.DeepEqual(back, rs) {
		t.Fatalf("round trip = %+v, %v", back, err)
	}
}

func TestReasonTextsInBothLanguages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		r      Reason
		zh, en string
	}{
		{Reason{Code: NoContact, Days: 61, Limit: 60}, "已 61 天未联系（上限 60 天）", "no contact for 61 days (limit 60)"},
		{Reason{Code: ActivityDrop, Recent: 1, Before: 6}, "拜访和交易减少：近 90 天 1 次，此前 90 天 6 次",
			"visits and deals down: 1 in the last 90 days, 6 in the 90 days before"},
		{Reason{Code: OverdueComplaints, Count: 1}, "1 条投诉逾期未解决", "1 complaint past due and unresolved"},
		{Reason{Code: OverdueComplaints, Count: 2}, "2 条投诉逾期未解决", "2 complaints past due and unresolved"},
		{Reason{Code: StageChange, From: StageActive, To: StageSleeping}, "合作阶段：活跃客户 → 沉睡客户", "stage: active → sleeping"},
	}
	for _, c := range cases {
		if got := c.r.Text("zh"); got != c.zh {
			t.Errorf("zh %s = %q, want %q", c.r.Code, got, c.zh)
		}
		if got := c.r.Text("en"); got != c.en {
			t.Errorf("en %s = %q, want %q", c.r.Code, got, c.en)
		}
	}
}
