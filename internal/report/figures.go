package report

import (
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// VisitCounts is visits by kind.
type VisitCounts struct {
	OnSite, Phone, Video, Other int
}

// Total is the visits of every kind.
func (v VisitCounts) Total() int { return v.OnSite + v.Phone + v.Video + v.Other }

// Of returns the visits of kind k (0 for a kind it does not know).
func (v VisitCounts) Of(k visit.Kind) int {
	switch k {
	case visit.OnSite:
		return v.OnSite
	case visit.Phone:
		return v.Phone
	case visit.Video:
		return v.Video
	case visit.Other:
		return v.Other
	}
	return 0
}

// add counts n visits of kind k; a kind from a newer release counts as other.
func (v *VisitCounts) add(k visit.Kind, n int) {
	switch k {
	case visit.OnSite:
		v.OnSite += n
	case visit.Phone:
		v.Phone += n
	case visit.Video:
		v.Video += n
	default:
		v.Other += n
	}
}

// Figures are one person's (or a team's) figures for one period; the
// package documentation defines each. Ratios are methods, so that a total's
// ratio is its sums' ratio, never an average of ratios.
type Figures struct {
	Visits VisitCounts
	// Owned is live clients owned now; Visited those of them visited in
	// the period; NewClients those of them created in it.
	Owned, Visited, NewClients int
	// FollowUpsDue is the follow-ups judged (due in the period, done or
	// with their day over); FollowUpsOnTime those done by their day's end.
	FollowUpsDue, FollowUpsOnTime int
	// Resolved is feedback resolved in the period; MedianResolveHours the
	// median hours from creation to resolution (meaningless when Resolved
	// is 0). OverdueFeedback is open past its due day at the as-of instant.
	Resolved           int
	MedianResolveHours float64
	OverdueFeedback    int
	// SatisfactionSum and SatisfactionCount are the scores read in the
	// period and how many.
	SatisfactionSum, SatisfactionCount int
	// OwnedAtStart is the clients owned (now) that existed and were not
	// churned at the period's start; Lost those of them churned at its end.
	OwnedAtStart, Lost int
	// Deals is the deals made in the period, DealCents their amount and
	// CollectedCents the payments received in it, in fen (1/100 yuan).
	Deals                     int
	DealCents, CollectedCents int64
}

// Coverage is Visited / Owned; ok is false without clients.
func (f Figures) Coverage() (float64, bool) { return ratio(f.Visited, f.Owned) }

// OnTimeRate is FollowUpsOnTime / FollowUpsDue; ok is false when none was due.
func (f Figures) OnTimeRate() (float64, bool) { return ratio(f.FollowUpsOnTime, f.FollowUpsDue) }

// ChurnRate is Lost / OwnedAtStart; ok is false without clients at the start.
func (f Figures) ChurnRate() (float64, bool) { return ratio(f.Lost, f.OwnedAtStart) }

// Satisfaction is the average score, 1 to 5; ok is false without readings.
func (f Figures) Satisfaction() (float64, bool) {
	return ratio(f.SatisfactionSum, f.SatisfactionCount)
}

// MedianResolve is MedianResolveHours; ok is false when nothing was resolved.
func (f Figures) MedianResolve() (float64, bool) { return f.MedianResolveHours, f.Resolved > 0 }

func ratio(n, d int) (float64, bool) {
	if d == 0 {
		return 0, false
	}
	return float64(n) / float64(d), true
}

// add adds o's counts and sums to f. The median cannot be added: a total's
// comes from the query that pools the resolutions.
func (f *Figures) add(o Figures) {
	f.Visits.OnSite += o.Visits.OnSite
	f.Visits.Phone += o.Visits.Phone
	f.Visits.Video += o.Visits.Video
	f.Visits.Other += o.Visits.Other
	f.Owned += o.Owned
	f.Visited += o.Visited
	f.NewClients += o.NewClients
	f.FollowUpsDue += o.FollowUpsDue
	f.FollowUpsOnTime += o.FollowUpsOnTime
	f.Resolved += o.Resolved
	f.OverdueFeedback += o.OverdueFeedback
	f.SatisfactionSum += o.SatisfactionSum
	f.SatisfactionCount += o.SatisfactionCount
	f.OwnedAtStart += o.OwnedAtStart
	f.Lost += o.Lost
	f.Deals += o.Deals
	f.DealCents += o.DealCents
	f.CollectedCents += o.CollectedCents
}
