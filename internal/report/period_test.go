package report

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/export"
)

func TestPreviousIsTheSameMonthsOrTheSameDaysJustBefore(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		p    export.Period
		want export.Period
	}{
		{"a month after a shorter one", export.Period{From: day(2026, 3, 1), To: day(2026, 3, 31)},
			export.Period{From: day(2026, 2, 1), To: day(2026, 2, 28)}},
		{"a short month", export.Period{From: day(2026, 2, 1), To: day(2026, 2, 28)},
			export.Period{From: day(2026, 1, 1), To: day(2026, 1, 31)}},
		{"January", export.Period{From: day(2026, 1, 1), To: day(2026, 1, 31)},
			export.Period{From: day(2025, 12, 1), To: day(2025, 12, 31)}},
		{"a quarter", export.Period{From: day(2026, 4, 1), To: day(2026, 6, 30)},
			export.Period{From: day(2026, 1, 1), To: day(2026, 3, 31)}},
		{"a year", export.Period{From: day(2026, 1, 1), To: day(2026, 12, 31)},
			export.Period{From: day(2025, 1, 1), To: day(2025, 12, 31)}},
		{"a typed range of ten days", export.Period{From: day(2026, 3, 5), To: day(2026, 3, 14)},
			export.Period{From: day(2026, 2, 23), To: day(2026, 3, 4)}},
		{"a month not from the 1st", export.Period{From: day(2026, 3, 15), To: day(2026, 4, 14)},
			export.Period{From: day(2026, 2, 12), To: day(2026, 3, 14)}},
		{"one day", export.Period{From: day(2026, 3, 1), To: day(2026, 3, 1)},
			export.Period{From: day(2026, 2, 28), To: day(2026, 2, 28)}},
	}
	for _, c := range cases {
		if got := Previous(c.p); got != c.want {
			t.Errorf("%s: Previous(%s) = %s, want %s", c.name, c.p, got, c.want)
		}
	}
}

func TestWindowStartsEachDayAtMidnightInTheTeamZone(t *testing.T) {
	t.Parallel()
	w := newWindow(may2026, shanghai, sh(2026, 6, 1, 9, 0, 0))
	if !w.prevStart.Equal(sh(2026, 4, 1, 0, 0, 0)) || !w.start.Equal(sh(2026, 5, 1, 0, 0, 0)) || !w.end.Equal(sh(2026, 6, 1, 0, 0, 0)) {
		t.Errorf("bounds %v %v %v", w.prevStart, w.start, w.end)
	}
	if !w.asOf.Equal(w.end) || !w.prevAsOf.Equal(w.start) || w.asOfDay != day(2026, 6, 1) || w.prevAsOfDay != day(2026, 5, 1) {
		t.Errorf("a period over is read at its end: as of %v/%v, days %v/%v", w.asOf, w.prevAsOf, w.asOfDay, w.prevAsOfDay)
	}
	if len(w.days) != 61 || w.days[0] != day(2026, 4, 1) || w.days[60] != day(2026, 5, 31) ||
		!w.ends[60].Equal(sh(2026, 6, 1, 0, 0, 0)) {
		t.Errorf("days %d from %v; last ends %v", len(w.days), w.days[0], w.ends[len(w.ends)-1])
	}
	now := sh(2026, 5, 20, 15, 30, 0)
	w = newWindow(may2026, shanghai, now)
	if !w.asOf.Equal(now) || w.asOfDay != day(2026, 5, 20) || !w.prevAsOf.Equal(w.start) {
		t.Errorf("a period under way is read now: as of %v (day %v), previous %v", w.asOf, w.asOfDay, w.prevAsOf)
	}
}

// TestAPeriodUnderWayJudgesOnlyWhatIsDue: on May 20, a follow-up due on
// the 25th is not judged yet unless it was done; feedback due on the 25th
// is not overdue; a client churned on the 10th is lost as of today.
func TestAPeriodUnderWayJudgesOnlyWhatIsDue(t *testing.T) {
	t.Parallel()
	b := setup(t, sh(2026, 5, 20, 15, 0, 0))
	team := b.team(t, "华东销售部")
	s := b.person(t, access.Sales, team, "张伟", "zh", true)
	c := b.client(t, team, s, "华为", "churned", sh(2026, 1, 1, 0, 0, 0))
	b.stage(t, c, "active", "churned", sh(2026, 5, 10, 3, 0, 0))
	b.followUp(t, c, s, 0, day(2026, 5, 25), false)
	v := b.followUp(t, c, s, 0, day(2026, 5, 26), true)
	b.done(t, v, s, 0, sh(2026, 5, 19, 10, 0, 0))
	b.followUp(t, c, s, 0, day(2026, 5, 19), false)
	b.feedback(t, c, s, sh(2026, 5, 18, 0, 0, 0), day(2026, 5, 25), zero)
	b.feedback(t, c, s, sh(2026, 5, 10, 0, 0, 0), day(2026, 5, 19), zero)

	r := b.build(t, team, may2026)
	if !r.AsOf.Equal(b.now) {
		t.Errorf("as of %v, want now", r.AsOf)
	}
	f := personOf(t, r, s).Cur
	if f.FollowUpsDue != 2 || f.FollowUpsOnTime != 1 {
		t.Errorf("follow-ups %d on time of %d judged, want 1 of 2 (the one done early, the one past its day)",
			f.FollowUpsOnTime, f.FollowUpsDue)
	}
	if f.OverdueFeedback != 1 {
		t.Errorf("overdue feedback = %d, want 1 (due the 19th)", f.OverdueFeedback)
	}
	if f.OwnedAtStart != 1 || f.Lost != 1 {
		t.Errorf("at start %d, lost %d: want the client churned on the 10th lost", f.OwnedAtStart, f.Lost)
	}
}

// TestAQuarterIsComparedWithTheQuarterBefore reports on a quarter, with
// visits on its first and last instants and just outside.
func TestAQuarterIsComparedWithTheQuarterBefore(t *testing.T) {
	t.Parallel()
	b := setup(t, sh(2026, 7, 1, 9, 0, 0))
	team := b.team(t, "华东销售部")
	s := b.person(t, access.Sales, team, "张伟", "zh", true)
	c := b.client(t, team, s, "华为", "active", sh(2025, 1, 1, 0, 0, 0))
	for _, at := range []struct {
		y, m, d, hh, mm, ss int
	}{{2026, 4, 1, 0, 0, 0}, {2026, 6, 30, 23, 59, 59}, {2026, 7, 1, 0, 0, 0}, // Q2: 2
		{2026, 1, 1, 0, 0, 0}, {2026, 3, 31, 23, 59, 59}, {2026, 2, 14, 12, 0, 0}, {2025, 12, 31, 23, 59, 59}} { // Q1: 3
		b.visit(t, c, s, "onsite", sh(at.y, time.Month(at.m), at.d, at.hh, at.mm, at.ss))
	}
	r := b.build(t, team, export.ThisQuarter(day(2026, 6, 30)))
	if r.Previous != (export.Period{From: day(2026, 1, 1), To: day(2026, 3, 31)}) {
		t.Fatalf("previous = %s", r.Previous)
	}
	if r.Cur.Visits.OnSite != 2 || r.Prev.Visits.OnSite != 3 {
		t.Errorf("visits %d this quarter, %d the one before; want 2 and 3", r.Cur.Visits.OnSite, r.Prev.Visits.OnSite)
	}
	if d, ok := mVisits.change(r.Cur, r.Prev); !ok || d != -1 {
		t.Errorf("change = %v, %v; want -1", d, ok)
	}
}

func TestAPeriodTheReportCannotCoverIsRefused(t *testing.T) {
	t.Parallel()
	for _, p := range []export.Period{
		{},
		{From: day(2026, 5, 2), To: day(2026, 5, 1)},
		{From: day(2023, 1, 1), To: day(2026, 1, 1)},
	} {
		if err := Check(p); !errors.Is(err, ErrInvalid) {
			t.Errorf("Check(%s) = %v, want ErrInvalid", p, err)
		}
	}
	if err := Check(export.Period{From: day(2025, 1, 1), To: day(2026, 12, 31)}); err != nil {
		t.Errorf("two years refused: %v", err)
	}
}
