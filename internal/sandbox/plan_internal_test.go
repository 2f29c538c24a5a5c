package sandbox

import (
	"reflect"
	"testing"
	"time"
)

func TestPlanIsTheSameEveryTime(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	a := planLedger(seedRand(), day, eastClients, southClients)
	b := planLedger(seedRand(), day, eastClients, southClients)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans of the same day differ")
	}
}

// The ordinary clients must not flood the first morning with churn alerts
// or overdue reminders: only the showcase clients are at risk.
func TestOrdinaryClientsRaiseNoAlarm(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	plans := planLedger(seedRand(), day, eastClients, southClients)
	names := map[string]bool{}
	for _, p := range plans[len(showcase(day)):] {
		if names[p.draft.Name] {
			t.Errorf("two clients named %s", p.draft.Name)
		}
		names[p.draft.Name] = true
		if p.churned || p.draft.Stage == "potential" {
			continue
		}
		if len(p.visits) == 0 {
			t.Errorf("%s (%s) was never visited", p.draft.Name, p.draft.Stage)
			continue
		}
		if last := p.visits[len(p.visits)-1].ago; last >= contactLimit(p.draft.Tier) {
			t.Errorf("%s (%s): last visit %d days ago, past its limit", p.draft.Name, p.draft.Tier, last)
		}
		before := 0
		for _, v := range p.visits {
			if v.ago >= p.created {
				t.Errorf("%s: a visit %d days ago, before it was created %d days ago", p.draft.Name, v.ago, p.created)
			}
			if v.ago >= 90-fastForwardDays && v.ago < 180 {
				before++
			}
			if v.followUp > 0 && v.followUp < v.ago {
				t.Errorf("%s: a follow-up already overdue on the first day", p.draft.Name)
			}
		}
		for _, d := range p.deals {
			if d.ago >= 90-fastForwardDays && d.ago < 180 {
				before++
			}
			if d.ago-d.termDays > 0 && d.paidAgo < 0 {
				t.Errorf("%s: a receivable overdue on the first day", p.draft.Name)
			}
		}
		if before >= 3 {
			t.Errorf("%s: %d visits and deals in the quarter before last (give or take a fast-forward): an activity drop",
				p.draft.Name, before)
		}
	}
	if len(plans) < 300 {
		t.Errorf("%d clients, want a few hundred", len(plans))
	}
}
