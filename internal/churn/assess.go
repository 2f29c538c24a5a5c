package churn

import "github.com/ledgerbot/ledgerbot/internal/credit"

// Window is the length in days of the two periods whose activity is compared:
// the last Window days before today against the Window days before those.
const Window = 90

// The lifecycle stages the scan reads and writes (clients.stage).
const (
	StagePotential = "potential"
	StageNew       = "new"
	StageActive    = "active"
	StageSleeping  = "sleeping"
	StageChurned   = "churned"
)

// Signals is what the scan measures of one client on one day.
type Signals struct {
	ClientID int64
	TeamID   int64
	Tier     string // strategic, key, normal
	Stage    string // the stage before this scan
	// Contacted reports whether the client was ever contacted (it has a last
	// contact); DaysSinceContact counts from the day of the last contact, or
	// from the day the client was created when it never was.
	Contacted        bool
	DaysSinceContact int
	// Recent and Before count visits and deals in [today-90, today) and in
	// [today-180, today-90).
	Recent, Before int
	// OverdueComplaints counts complaints not resolved and due before today.
	OverdueComplaints int
	// Credit is the client's credit standing with what it owes past due.
	Credit credit.Assessment
}

// Assess applies the thresholds to one client's signals. It returns why the
// client is at risk (no reasons: it is not) and the stage the client moves
// to, "" when it stays. Potential clients never contacted are not at risk:
// nobody has started a relationship that could be lost.
func Assess(s Signals, t Thresholds) (reasons []Reason, newStage string) {
	if s.Stage == StagePotential && !s.Contacted {
		return nil, ""
	}
	if limit := t.contactLimit(s.Tier); s.DaysSinceContact > limit {
		reasons = append(reasons, Reason{Code: NoContact, Days: s.DaysSinceContact, Limit: limit})
	}
	if s.Before >= max(t.DropMin, 1) && s.Recent*100 <= s.Before*(100-t.DropPercent) {
		reasons = append(reasons, Reason{Code: ActivityDrop, Recent: s.Recent, Before: s.Before})
	}
	if s.OverdueComplaints > 0 {
		reasons = append(reasons, Reason{Code: OverdueComplaints, Count: s.OverdueComplaints})
	}
	if c := s.Credit; c.Standing == credit.Watch || c.Standing == credit.AtRisk {
		reasons = append(reasons, Reason{Code: OverduePayment, Count: c.Count, Days: c.MaxDays,
			Amount: credit.Yuan(c.Cents), Standing: string(c.Standing)})
	}
	if newStage = nextStage(s.Stage, s.DaysSinceContact, t); newStage != "" {
		reasons = append(reasons, Reason{Code: StageChange, From: s.Stage, To: newStage})
	}
	return reasons, newStage
}

// nextStage is where a client of stage goes after days without contact, ""
// when it stays. Potential clients keep their stage: they were never active.
func nextStage(stage string, days int, t Thresholds) string {
	switch stage {
	case StageNew, StageActive:
		if days >= t.ChurnedDays {
			return StageChurned
		}
		if days >= t.SleepingDays {
			return StageSleeping
		}
	case StageSleeping:
		if days >= t.ChurnedDays {
			return StageChurned
		}
	}
	return ""
}

// opens reports whether a client at risk without an open episode starts one.
// A client churned before this scan is already lost: winning it back is a
// decision for people, not a daily alert. (One that churns in this scan
// still opens an episode, on the stage change.)
func opens(s Signals, reasons []Reason) bool {
	return len(reasons) > 0 && s.Stage != StageChurned
}

// holds reports whether a client's open episode goes on: while any signal
// holds, and while the client sleeps or is churned, since only a contact (or
// a person) wakes it up. Without the second rule a normal client would
// leave its episode the day after falling asleep on day 90 (its no-contact
// limit is day 91) and alert again on day 91.
func holds(s Signals, reasons []Reason, newStage string) bool {
	if len(reasons) > 0 {
		return true
	}
	stage := s.Stage
	if newStage != "" {
		stage = newStage
	}
	return stage == StageSleeping || stage == StageChurned
}

// owes reports whether reasons name overdue payments.
func owes(reasons []Reason) bool {
	for _, r := range reasons {
		if r.Code == OverduePayment {
			return true
		}
	}
	return false
}
