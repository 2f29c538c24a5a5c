package config

import (
	"strings"
	"testing"
	"time"
)

func TestPushDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	p := c.Push
	if p.SendRate != 25 || p.SenderWorkers != 4 || !p.Scheduler || p.CronLocation.String() != "Asia/Shanghai" ||
		p.EscalateAfter != 48*time.Hour || p.SnoozeDays != 7 {
		t.Fatalf("unexpected push defaults: %+v", p)
	}
	if p.Schedules["greetings"] != "0 9 * * *" || p.Schedules["reminders"] != "0 9 * * 1-5" || p.Schedules["churn"] != "0 8 * * *" ||
		p.Schedules["digest"] != "0 9 * * 1" || p.Schedules["escalation"] != "0 * * * *" {
		t.Fatalf("unexpected schedules: %v", p.Schedules)
	}
	if strings.Join(p.GreetingTiers, ",") != "strategic,key" || p.Cadence["strategic"] != 30 || p.Cadence["key"] != 60 || p.Cadence["normal"] != 90 {
		t.Fatalf("unexpected tiers or cadence: %v %v", p.GreetingTiers, p.Cadence)
	}
	if p.Churn != (ChurnThresholds{ContactFactor: 1, DropPercent: 50, DropMin: 3, SleepingDays: 90, ChurnedDays: 180,
		CreditWatchDays: 15, CreditRiskDays: 60, CreditRiskAmount: 100_000}) {
		t.Fatalf("unexpected churn thresholds: %+v", p.Churn)
	}
}

func TestPushSettingsAreRead(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"SEND_RATE": "30", "CRON_TZ": "Europe/Berlin", "SCHEDULE_DIGEST": "30 8 * * 5",
		"GREETING_TIERS": "strategic, key, normal", "REVIEW_CADENCE": "key=45", "CHURN_CONTACT_FACTOR": "1.5", "SCHEDULER": "false",
		"CREDIT_WATCH_DAYS": "30", "CREDIT_RISK_DAYS": "90", "CREDIT_RISK_AMOUNT": "50000"}))
	if err != nil {
		t.Fatal(err)
	}
	p := c.Push
	if p.SendRate != 30 || p.CronLocation.String() != "Europe/Berlin" || p.Schedules["digest"] != "30 8 * * 5" ||
		len(p.GreetingTiers) != 3 || p.Cadence["key"] != 45 || p.Cadence["strategic"] != 30 || p.Churn.ContactFactor != 1.5 || p.Scheduler ||
		p.Churn.CreditWatchDays != 30 || p.Churn.CreditRiskDays != 90 || p.Churn.CreditRiskAmount != 50_000 {
		t.Fatalf("settings not applied: %+v", p)
	}
}

func TestPushErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	cases := map[string]map[string]string{
		"SEND_RATE":               {"SEND_RATE": "31"},
		"CRON_TZ":                 {"CRON_TZ": "Moon/Base"},
		"SCHEDULE_GREETINGS":      {"SCHEDULE_GREETINGS": "at nine"},
		"GREETING_TIERS":          {"GREETING_TIERS": "vip"},
		"REVIEW_CADENCE":          {"REVIEW_CADENCE": "key=0"},
		"CHURN_CHURNED_DAYS":      {"CHURN_SLEEPING_DAYS": "200"},
		"CREDIT_RISK_DAYS":        {"CREDIT_WATCH_DAYS": "90"},
		"CREDIT_RISK_AMOUNT":      {"CREDIT_RISK_AMOUNT": "-5"},
		"FEEDBACK_ESCALATE_AFTER": {"FEEDBACK_ESCALATE_AFTER": "soon"},
		"SENDER_WORKERS":          {"SENDER_WORKERS": "0"},
		"SCHEDULER":               {"SCHEDULER": "sometimes"},
	}
	for name, kv := range cases {
		_, err := Load(env(kv))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: error %v does not name %s", kv, err, name)
		}
	}
}
