package churn

import (
	"math"

	"github.com/ledgerbot/ledgerbot/internal/credit"
)

// Thresholds are the configurable limits of the churn signals.
type Thresholds struct {
	// Cadence is each tier's review cadence in days (strategic 30, key 60,
	// normal 90): how often a client of that tier should hear from us.
	Cadence map[string]int
	// ContactFactor scales the cadence into the no-contact limit: no contact
	// for more than Cadence×ContactFactor days is a signal (default 1.0: day
	// 61 for a key client).
	ContactFactor float64
	// DropPercent: visits and deals in the last 90 days at least this many
	// percent below the 90 days before are a signal (default 50) ...
	DropPercent int
	// DropMin: ... when the 90 days before had at least this many (default 3),
	// so a client seen twice a year does not look like it is leaving.
	DropMin int
	// SleepingDays and ChurnedDays: no contact this long moves an active or
	// new client to sleeping (default 90), and any of them to churned
	// (default 180).
	SleepingDays, ChurnedDays int
	// Credit is the rule of the credit standing: a client whose standing is
	// watch or at risk (money owed past due) has an overdue-payment signal.
	// Its zero fields take credit's defaults.
	Credit credit.Thresholds
}

// DefaultThresholds returns the defaults named on each field.
func DefaultThresholds() Thresholds {
	return Thresholds{
		Cadence:       map[string]int{"strategic": 30, "key": 60, "normal": 90},
		ContactFactor: 1,
		DropPercent:   50,
		DropMin:       3,
		SleepingDays:  90,
		ChurnedDays:   180,
		Credit:        credit.DefaultThresholds(),
	}
}

// defaultCadence is used for a tier missing from Thresholds.Cadence.
const defaultCadence = 90

// contactLimit is the number of days without contact a client of tier may go
// before it is a signal.
func (t Thresholds) contactLimit(tier string) int {
	c, ok := t.Cadence[tier]
	if !ok || c <= 0 {
		c = defaultCadence
	}
	f := t.ContactFactor
	if f <= 0 {
		f = 1
	}
	return int(math.Round(float64(c) * f))
}
