package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Defaults of the scheduled pushes, listed again in README.md.
const (
	DefaultSendRate      = 25
	MaxSendRate          = 30 // Telegram's documented ceiling for a bot's broadcasts
	DefaultSenderWorkers = 4
	DefaultEscalateAfter = 48 * time.Hour
	DefaultSnoozeDays    = 7
)

// DefaultSchedules are the jobs' cron specs in CRON_TZ: greetings at 09:00,
// reminders at 09:00 on workdays, the churn scan at 08:00, the digest on
// Monday 09:00, feedback escalation hourly, the retention prune at 03:30,
// the duplicate sweep and the monthly 考核 report on the 1st of the month at
// 09:00, and the client value computation nightly at 02:30.
var DefaultSchedules = map[string]string{
	"greetings":  "0 9 * * *",
	"reminders":  "0 9 * * 1-5",
	"churn":      "0 8 * * *",
	"digest":     "0 9 * * 1",
	"escalation": "0 * * * *",
	"retention":  "30 3 * * *",
	"duplicates": "0 9 1 * *",
	"report":     "0 9 1 * *",
	"value":      "30 2 * * *",
}

// JobNames lists the scheduled jobs in the order operators see them.
var JobNames = []string{"greetings", "reminders", "churn", "escalation", "digest", "retention", "duplicates", "report", "value"}

// Push is the configuration of everything the bot sends on its own.
type Push struct {
	// SendRate caps messages per second across all replicas (SEND_RATE).
	SendRate      float64
	SenderWorkers int
	// Scheduler turns the cron scheduler on for this replica; every replica
	// may run it, since each period runs once whichever replica takes it.
	Scheduler     bool
	CronLocation  *time.Location
	Schedules     map[string]string // job name -> cron spec
	GreetingTiers []string
	Cadence       map[string]int // tier -> review cadence in days
	EscalateAfter time.Duration
	SnoozeDays    int
	Churn         ChurnThresholds
}

// ChurnThresholds are the configurable limits of the churn signals.
type ChurnThresholds struct {
	ContactFactor float64 // no contact for more than cadence×factor days
	DropPercent   int     // activity in the last 90 days this % below the 90 before
	DropMin       int     // ... when the 90 before had at least this many
	SleepingDays  int     // no contact this long: active -> sleeping
	ChurnedDays   int     // no contact this long: -> churned
	// The credit standing's limits (信用): receivables past due this many
	// days make a client watch or at risk, as does this much owed past
	// the watch days. Overdue payments are a churn signal too.
	CreditWatchDays  int
	CreditRiskDays   int
	CreditRiskAmount int
}

func loadPush(get func(string, string) string, loc *time.Location, errs *[]error) Push {
	p := Push{
		SendRate:      float64(DefaultSendRate),
		SenderWorkers: intIn(get, "SENDER_WORKERS", DefaultSenderWorkers, 1, 64, errs),
		Scheduler:     boolean(get, "SCHEDULER", true, errs),
		CronLocation:  loc,
		Schedules:     map[string]string{},
		GreetingTiers: []string{"strategic", "key"},
		Cadence:       map[string]int{"strategic": 30, "key": 60, "normal": 90},
		EscalateAfter: duration(get, "FEEDBACK_ESCALATE_AFTER", DefaultEscalateAfter, errs),
		SnoozeDays:    intIn(get, "REVIEW_SNOOZE_DAYS", DefaultSnoozeDays, 1, 90, errs),
		Churn: ChurnThresholds{
			DropPercent:      intIn(get, "CHURN_DROP_PERCENT", 50, 1, 100, errs),
			DropMin:          intIn(get, "CHURN_DROP_MIN", 3, 1, 1000, errs),
			SleepingDays:     intIn(get, "CHURN_SLEEPING_DAYS", 90, 1, 3650, errs),
			ChurnedDays:      intIn(get, "CHURN_CHURNED_DAYS", 180, 1, 3650, errs),
			CreditWatchDays:  intIn(get, "CREDIT_WATCH_DAYS", 15, 1, 365, errs),
			CreditRiskDays:   intIn(get, "CREDIT_RISK_DAYS", 60, 2, 3650, errs),
			CreditRiskAmount: intIn(get, "CREDIT_RISK_AMOUNT", 100_000, 1, 1_000_000_000_000, errs),
		},
	}
	if v := get("SEND_RATE", ""); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 || r > MaxSendRate {
			*errs = append(*errs, fmt.Errorf("SEND_RATE: want messages per second above 0 and at most %d (Telegram's limit), got %q", MaxSendRate, v))
		} else {
			p.SendRate = r
		}
	}
	p.Churn.ContactFactor = 1
	if v := get("CHURN_CONTACT_FACTOR", ""); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 20 {
			*errs = append(*errs, fmt.Errorf("CHURN_CONTACT_FACTOR: want a number above 0 and at most 20, got %q", v))
		} else {
			p.Churn.ContactFactor = f
		}
	}
	if p.Churn.CreditRiskDays <= p.Churn.CreditWatchDays {
		*errs = append(*errs, fmt.Errorf("CREDIT_RISK_DAYS: must be more than CREDIT_WATCH_DAYS (%d)", p.Churn.CreditWatchDays))
	}
	if p.Churn.ChurnedDays <= p.Churn.SleepingDays {
		*errs = append(*errs, fmt.Errorf("CHURN_CHURNED_DAYS: must be more than CHURN_SLEEPING_DAYS (%d)", p.Churn.SleepingDays))
	}
	if tz := get("CRON_TZ", ""); tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("CRON_TZ: unknown time zone %q", tz))
		} else {
			p.CronLocation = l
		}
	}
	parser := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	for _, name := range JobNames {
		key := "SCHEDULE_" + strings.ToUpper(name)
		spec := get(key, DefaultSchedules[name])
		if _, err := parser.Parse(spec); err != nil {
			*errs = append(*errs, fmt.Errorf("%s: not a cron schedule (minute hour day month weekday) %q: %w", key, spec, err))
		}
		p.Schedules[name] = spec
	}
	if v := get("GREETING_TIERS", ""); v != "" {
		p.GreetingTiers = nil
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			if _, ok := p.Cadence[t]; !ok {
				*errs = append(*errs, fmt.Errorf("GREETING_TIERS: unknown tier %q (want strategic, key, normal)", t))
				continue
			}
			p.GreetingTiers = append(p.GreetingTiers, t)
		}
	}
	if v := get("REVIEW_CADENCE", ""); v != "" {
		for _, kv := range strings.Split(v, ",") {
			tier, days, _ := strings.Cut(strings.TrimSpace(kv), "=")
			n, err := strconv.Atoi(strings.TrimSpace(days))
			if _, ok := p.Cadence[strings.TrimSpace(tier)]; !ok || err != nil || n < 1 || n > 3650 {
				*errs = append(*errs, fmt.Errorf("REVIEW_CADENCE: want tier=days pairs such as strategic=30,key=60,normal=90, got %q", kv))
				continue
			}
			p.Cadence[strings.TrimSpace(tier)] = n
		}
	}
	return p
}

func intIn(get func(string, string) string, key string, def, lo, hi int, errs *[]error) int {
	v := get(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		*errs = append(*errs, fmt.Errorf("%s: want a whole number from %d to %d, got %q", key, lo, hi, v))
		return def
	}
	return n
}

func boolean(get func(string, string) string, key string, def bool, errs *[]error) bool {
	v := get(key, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: want true or false, got %q", key, v))
		return def
	}
	return b
}
