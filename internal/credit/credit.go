// Package credit is the one rule of a client's credit standing (信用):
// good, watch or at risk, from what the client owes past its payment due
// dates (逾期应收). The card shows the standing, the churn scan turns a
// standing other than good into a risk signal, and the thresholds are
// configurable. The package is pure: callers read the receivables and pass
// them in.
package credit

import (
	"errors"
	"fmt"
	"html"
	"strconv"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Standing is a client's credit standing.
type Standing string

// The standings, from best to worst.
const (
	Good   Standing = "good"    // 良好: nothing owed past the grace period
	Watch  Standing = "watch"   // 关注: something owed WatchDays or more past due
	AtRisk Standing = "at_risk" // 高风险: owed RiskDays or more, or RiskAmount or more, past due
)

// Thresholds are the limits of the rule; a zero field takes its default
// (see DefaultThresholds), so a caller sets only what it changes.
type Thresholds struct {
	// WatchDays: a receivable this many days or more past due makes the
	// client watch (default 15). Fewer days are a grace period: a bank
	// transfer a few days late is not yet a credit problem.
	WatchDays int
	// RiskDays: a receivable this many days or more past due makes the
	// client at risk (default 60), two months past the due date.
	RiskDays int
	// RiskAmount, in yuan: this much or more owed WatchDays or more past
	// due makes the client at risk whatever the days (default 100,000).
	RiskAmount int64
}

// The defaults of Thresholds.
const (
	DefaultWatchDays  = 15
	DefaultRiskDays   = 60
	DefaultRiskAmount = 100_000
)

// DefaultThresholds returns the defaults named on each field.
func DefaultThresholds() Thresholds {
	return Thresholds{WatchDays: DefaultWatchDays, RiskDays: DefaultRiskDays, RiskAmount: DefaultRiskAmount}
}

// withDefaults fills the zero fields of t.
func (t Thresholds) withDefaults() Thresholds {
	if t.WatchDays <= 0 {
		t.WatchDays = DefaultWatchDays
	}
	if t.RiskDays <= 0 {
		t.RiskDays = DefaultRiskDays
	}
	if t.RiskAmount <= 0 {
		t.RiskAmount = DefaultRiskAmount
	}
	return t
}

// ErrThresholds is wrapped by Validate's refusals.
var ErrThresholds = errors.New("invalid credit thresholds")

// Validate reports thresholds that make no sense once defaults are filled
// in: RiskDays not after WatchDays.
func (t Thresholds) Validate() error {
	t = t.withDefaults()
	if t.RiskDays <= t.WatchDays {
		return fmt.Errorf("%w: risk days %d must be more than watch days %d", ErrThresholds, t.RiskDays, t.WatchDays)
	}
	return nil
}

// Overdue is one receivable past its due date: what is still owed on it,
// in fen (分, cents of a yuan), and how many days past due it is.
type Overdue struct {
	Cents int64
	Days  int
}

// Assessment is a client's standing and the figures it follows from.
type Assessment struct {
	Standing Standing
	Count    int   // receivables past due (any days)
	Cents    int64 // owed past due (any days), in fen
	MaxDays  int   // the most days any receivable is past due
}

// Assess applies the thresholds to a client's receivables past due (the
// order does not matter; items owing nothing are ignored):
//   - at risk when one is RiskDays or more past due, or when those
//     WatchDays or more past due together reach RiskAmount;
//   - watch when one is WatchDays or more past due;
//   - good otherwise, also while everything past due is in its grace days.
func (t Thresholds) Assess(items []Overdue) Assessment {
	t = t.withDefaults()
	a := Assessment{Standing: Good}
	var late int64 // owed WatchDays or more past due
	for _, o := range items {
		if o.Cents <= 0 || o.Days <= 0 {
			continue
		}
		a.Count++
		a.Cents += o.Cents
		a.MaxDays = max(a.MaxDays, o.Days)
		if o.Days >= t.WatchDays {
			late += o.Cents
		}
	}
	switch {
	case a.MaxDays >= t.RiskDays || late >= t.RiskAmount*100:
		a.Standing = AtRisk
	case a.MaxDays >= t.WatchDays:
		a.Standing = Watch
	}
	return a
}

// Yuan writes an amount in fen as yuan with two decimals, as deals show
// amounts: 12050 is "120.50".
func Yuan(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	frac := strconv.FormatInt(cents%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + frac
}

// Text names the standing for a reader of lang (a code i18n.Parse reads),
// safe in HTML: a value this release does not know is shown as stored.
func (s Standing) Text(lang string) string {
	l := i18n.Parse(lang)
	switch s {
	case Good:
		return l.T("良好", "good")
	case Watch:
		return l.T("关注", "watch")
	case AtRisk:
		return l.T("高风险", "at risk")
	}
	return html.EscapeString(string(s))
}
