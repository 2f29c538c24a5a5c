package report

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// ledger is a hand-built team with known figures for May 2026 (and April,
// the previous period); the comments give each figure's reasons.
type ledger struct {
	*bundle
	teamA, teamB                int64
	zhang, li, wang, idle, gone int64 // A: sales, sales, manager who sells, manager who does not, inactive sales
	other                       int64 // B's salesperson
}

func newLedger(t *testing.T) *ledger {
	b := setup(t, sh(2026, 6, 1, 9, 0, 0))
	g := &ledger{bundle: b}
	g.teamA, g.teamB = b.team(t, "华东销售部"), b.team(t, "华南销售部")
	g.zhang = b.person(t, access.Sales, g.teamA, "张伟", "zh", true)
	g.li = b.person(t, access.Sales, g.teamA, "李娜", "zh", true)
	g.wang = b.person(t, access.Manager, g.teamA, "王经理", "zh", true)
	g.idle = b.person(t, access.Manager, g.teamA, "赵经理", "zh", true)
	g.gone = b.person(t, access.Sales, g.teamA, "钱离职", "zh", false)
	g.other = b.person(t, access.Sales, g.teamB, "孙南", "zh", true)

	// Clients. 张伟: c1 old, c2 new in May, c3 new in April, c4 archived.
	old := sh(2026, 1, 10, 9, 0, 0)
	c1 := b.client(t, g.teamA, g.zhang, "华为技术有限公司", "active", old)
	c2 := b.client(t, g.teamA, g.zhang, "腾讯科技", "new", sh(2026, 5, 1, 0, 0, 0)) // first instant of May
	c3 := b.client(t, g.teamA, g.zhang, "比亚迪", "new", sh(2026, 4, 30, 23, 59, 59))
	c4 := b.client(t, g.teamA, g.zhang, "已归档公司", "active", old)
	b.archive(t, c4, sh(2026, 3, 1, 0, 0, 0))
	// 李娜: c5 churned on May 20 (lost in May); c6 churned Apr 10 (lost in
	// April), won back May 5; c7 churned May 3, won back May 25 (not lost);
	// c10 churned long ago, with no trail (in no base).
	c5 := b.client(t, g.teamA, g.li, "美的集团", "churned", old)
	b.stage(t, c5, "active", "churned", sh(2026, 5, 20, 3, 0, 0))
	c6 := b.client(t, g.teamA, g.li, "格力电器", "active", old)
	b.stage(t, c6, "active", "churned", sh(2026, 4, 10, 3, 0, 0))
	b.stage(t, c6, "churned", "active", sh(2026, 5, 5, 10, 0, 0))
	c7 := b.client(t, g.teamA, g.li, "海尔智家", "active", old)
	b.stage(t, c7, "active", "churned", sh(2026, 5, 3, 3, 0, 0))
	b.stage(t, c7, "churned", "active", sh(2026, 5, 25, 10, 0, 0))
	c10 := b.client(t, g.teamA, g.li, "早已流失", "churned", old)
	b.stage(t, c10, "sleeping", "churned", sh(2025, 12, 1, 3, 0, 0))
	// 王经理 owns one client; 赵经理 none; team B's client.
	c8 := b.client(t, g.teamA, g.wang, "小米科技", "active", old)
	c9 := b.client(t, g.teamB, g.other, "大疆创新", "active", old)

	// Visits. 张伟 in May: on-site, phone (last second of May), video, and
	// other on 李娜's c5: 4. In April: phone at its first instant, on-site
	// at its last second: 2. Before April and from June 1: none.
	b.visit(t, c1, g.zhang, "onsite", sh(2026, 5, 2, 10, 0, 0))
	b.visit(t, c1, g.zhang, "phone", sh(2026, 5, 31, 23, 59, 59))
	video := b.visit(t, c2, g.zhang, "video", sh(2026, 5, 15, 14, 0, 0))
	onC5 := b.visit(t, c5, g.zhang, "other", sh(2026, 5, 6, 10, 0, 0))
	b.visit(t, c1, g.zhang, "onsite", sh(2026, 6, 1, 0, 0, 0))
	b.visit(t, c3, g.zhang, "onsite", sh(2026, 4, 30, 23, 59, 59))
	b.visit(t, c1, g.zhang, "phone", sh(2026, 4, 1, 0, 0, 0))
	b.visit(t, c1, g.zhang, "phone", sh(2026, 3, 31, 23, 59, 59))
	b.visit(t, c6, g.li, "phone", sh(2026, 5, 5, 10, 0, 0))
	b.visit(t, c7, g.li, "onsite", sh(2026, 5, 25, 10, 0, 0))
	b.visit(t, c8, g.wang, "onsite", sh(2026, 5, 12, 10, 0, 0))
	b.visit(t, c9, g.other, "onsite", sh(2026, 5, 12, 10, 0, 0))
	b.visit(t, c1, g.gone, "onsite", sh(2026, 5, 20, 10, 0, 0))

	// Follow-ups 张伟 answers for, due in May: on time (done on its day),
	// late (done the next morning), answered by the May 15 video visit
	// (logged on the 21st: the visit counts), open past its day, and one
	// 李娜 promised that a hand-over gave to 张伟: 2 on time of 5 judged.
	// Not judged: done without an audit entry, open on an archived client,
	// due in June. April: one, on time.
	v := b.followUp(t, c1, g.zhang, 0, day(2026, 5, 10), true)
	b.done(t, v, g.zhang, 0, sh(2026, 5, 10, 23, 59, 0))
	v = b.followUp(t, c1, g.zhang, 0, day(2026, 5, 10), true)
	b.done(t, v, g.zhang, 0, sh(2026, 5, 11, 0, 0, 0))
	v = b.followUp(t, c2, g.zhang, 0, day(2026, 5, 20), true)
	b.done(t, v, g.zhang, video, sh(2026, 5, 21, 8, 0, 0))
	b.followUp(t, c1, g.zhang, 0, day(2026, 5, 25), false)
	b.followUp(t, c1, g.li, g.zhang, day(2026, 5, 18), false)
	b.followUp(t, c3, g.zhang, 0, day(2026, 5, 31), true)
	b.followUp(t, c4, g.zhang, 0, day(2026, 5, 12), false)
	b.followUp(t, c1, g.zhang, 0, day(2026, 6, 2), false)
	v = b.followUp(t, c1, g.zhang, 0, day(2026, 4, 15), true)
	b.done(t, v, g.zhang, 0, sh(2026, 4, 15, 18, 0, 0))

	// Feedback assigned to 张伟, resolved in May after 6 h, 24 h and 60 h
	// (median 24); in April after 10 h. Open at May's end past its due
	// day: f5, f7 (resolved only in June), f9 (due May 31); not f6 (due in
	// June) nor f8 (archived client). At April's end: f3. 王经理 resolved
	// one in 2 h: the team's median is of 2, 6, 24, 60: 15.
	f1 := b.feedback(t, c1, g.zhang, sh(2026, 5, 2, 10, 0, 0), day(2026, 5, 5), sh(2026, 5, 2, 16, 0, 0))
	b.feedback(t, c1, g.zhang, sh(2026, 5, 3, 0, 0, 0), day(2026, 5, 6), sh(2026, 5, 4, 0, 0, 0))
	b.feedback(t, c1, g.zhang, sh(2026, 4, 29, 0, 0, 0), day(2026, 4, 30), sh(2026, 5, 1, 12, 0, 0))
	f4 := b.feedback(t, c1, g.zhang, sh(2026, 4, 10, 0, 0, 0), day(2026, 4, 13), sh(2026, 4, 10, 10, 0, 0))
	b.feedback(t, c1, g.zhang, sh(2026, 5, 20, 0, 0, 0), day(2026, 5, 25), zero)
	b.feedback(t, c1, g.zhang, sh(2026, 5, 28, 0, 0, 0), day(2026, 6, 3), zero)
	b.feedback(t, c1, g.zhang, sh(2026, 5, 10, 0, 0, 0), day(2026, 5, 15), sh(2026, 6, 2, 0, 0, 0))
	b.feedback(t, c4, g.zhang, sh(2026, 2, 10, 0, 0, 0), day(2026, 2, 15), zero)
	b.feedback(t, c1, g.zhang, sh(2026, 5, 29, 0, 0, 0), day(2026, 5, 31), zero)
	b.feedback(t, c8, g.wang, sh(2026, 5, 20, 8, 0, 0), day(2026, 5, 23), sh(2026, 5, 20, 10, 0, 0))

	// Satisfaction by owner: 张伟's c1 5 and 4 in May, 3 in April; a 2 on
	// 李娜's c5 recorded by 张伟 is 李娜's.
	b.satisfaction(t, c1, 5, "feedback", f1, g.zhang, sh(2026, 5, 2, 16, 0, 0))
	b.satisfaction(t, c1, 4, "survey", f1, 0, sh(2026, 5, 3, 9, 0, 0))
	b.satisfaction(t, c1, 3, "feedback", f4, g.zhang, sh(2026, 4, 10, 10, 0, 0))
	b.satisfaction(t, c5, 2, "visit", onC5, g.zhang, sh(2026, 5, 6, 10, 0, 0))

	// Deals by owner: 张伟 in May 10,000 + 2,500.50 + 1,000 on the archived
	// c4 = 13,500.50 in 3; June's not; April 3,000. Paid in May 4,000 and
	// 2,000 (on April's deal), in April 1,000. 李娜 7,000 in May. B's not.
	d := b.deal(t, c1, day(2026, 5, 1), "10000.00")
	b.payment(t, d, day(2026, 5, 20), "4000")
	b.payment(t, d, day(2026, 6, 1), "1000")
	b.deal(t, c1, day(2026, 5, 31), "2500.50")
	b.deal(t, c4, day(2026, 5, 15), "1000")
	b.deal(t, c1, day(2026, 6, 1), "999")
	d = b.deal(t, c1, day(2026, 4, 30), "3000")
	b.payment(t, d, day(2026, 4, 30), "1000")
	b.payment(t, d, day(2026, 5, 2), "2000")
	b.deal(t, c5, day(2026, 5, 20), "7000")
	b.deal(t, c9, day(2026, 5, 20), "5000")
	return g
}

// TestEachFigureOnAHandBuiltTeam checks every figure of every person, and
// of the team, for May and for April, against the answers worked out by
// hand in newLedger.
func TestEachFigureOnAHandBuiltTeam(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	r := g.build(t, g.teamA, may2026)

	if len(r.Teams) != 1 || r.Teams[0].Name != "华东销售部" {
		t.Fatalf("teams = %+v", r.Teams)
	}
	var ids []int64
	for _, p := range r.Teams[0].People {
		ids = append(ids, p.StaffID)
	}
	// Salespeople by name (byte order: 张 before 李), then the manager who
	// sells; not the manager who does not, the inactive one, nor team B.
	if want := []int64{g.zhang, g.li, g.wang}; !slices.Equal(ids, want) {
		t.Fatalf("people = %v, want %v", ids, want)
	}
	zhang, li, wang := personOf(t, r, g.zhang), personOf(t, r, g.li), personOf(t, r, g.wang)
	team := r.Teams[0]
	type fig = func(Figures) float64
	num := func(m measure) fig {
		return func(f Figures) float64 {
			v, ok := m.value(f)
			if !ok {
				return math.NaN()
			}
			return v
		}
	}
	nan := math.NaN()
	cases := []struct {
		name      string
		who       string
		cur, prev Figures
		get       fig
		want      [2]float64 // May, April
	}{
		{"visits on site", "张伟", zhang.Cur, zhang.Prev, func(f Figures) float64 { return float64(f.Visits.OnSite) }, [2]float64{1, 1}},
		{"visits by phone", "张伟", zhang.Cur, zhang.Prev, func(f Figures) float64 { return float64(f.Visits.Phone) }, [2]float64{1, 1}},
		{"visits by video", "张伟", zhang.Cur, zhang.Prev, func(f Figures) float64 { return float64(f.Visits.Video) }, [2]float64{1, 0}},
		{"visits other", "张伟", zhang.Cur, zhang.Prev, func(f Figures) float64 { return float64(f.Visits.Other) }, [2]float64{1, 0}},
		{"visits", "李娜", li.Cur, li.Prev, num(mVisits), [2]float64{2, 0}},
		{"visits", "王经理", wang.Cur, wang.Prev, num(mVisits), [2]float64{1, 0}},
		{"visits", "team", team.Cur, team.Prev, num(mVisits), [2]float64{7, 2}},
		{"clients owned (now, live)", "张伟", zhang.Cur, zhang.Prev, num(mOwned), [2]float64{3, 3}},
		{"clients owned", "李娜", li.Cur, li.Prev, num(mOwned), [2]float64{4, 4}},
		{"clients visited", "张伟", zhang.Cur, zhang.Prev, num(mVisited), [2]float64{2, 2}},
		{"clients visited, by anyone", "李娜", li.Cur, li.Prev, num(mVisited), [2]float64{3, 0}},
		{"coverage", "张伟", zhang.Cur, zhang.Prev, num(mCoverage), [2]float64{2.0 / 3, 2.0 / 3}},
		{"coverage", "team", team.Cur, team.Prev, num(mCoverage), [2]float64{6.0 / 8, 2.0 / 8}},
		{"new clients", "张伟", zhang.Cur, zhang.Prev, num(mNew), [2]float64{1, 1}},
		{"new clients", "李娜", li.Cur, li.Prev, num(mNew), [2]float64{0, 0}},
		{"follow-ups judged", "张伟", zhang.Cur, zhang.Prev, num(mFollowUps), [2]float64{5, 1}},
		{"follow-ups on time", "张伟", zhang.Cur, zhang.Prev, num(mOnTime), [2]float64{2, 1}},
		{"on-time rate", "张伟", zhang.Cur, zhang.Prev, num(mOnTimeRate), [2]float64{0.4, 1}},
		{"on-time rate, none due", "李娜", li.Cur, li.Prev, num(mOnTimeRate), [2]float64{nan, nan}},
		{"feedback resolved", "张伟", zhang.Cur, zhang.Prev, num(mResolved), [2]float64{3, 1}},
		{"median hours", "张伟", zhang.Cur, zhang.Prev, num(mMedian), [2]float64{24, 10}},
		{"median hours", "王经理", wang.Cur, wang.Prev, num(mMedian), [2]float64{2, nan}},
		{"median hours, pooled", "team", team.Cur, team.Prev, num(mMedian), [2]float64{15, 10}},
		{"feedback overdue at the end", "张伟", zhang.Cur, zhang.Prev, num(mOverdue), [2]float64{3, 1}},
		{"satisfaction", "张伟", zhang.Cur, zhang.Prev, num(mSatisfaction), [2]float64{4.5, 3}},
		{"satisfaction, by owner", "李娜", li.Cur, li.Prev, num(mSatisfaction), [2]float64{2, nan}},
		{"satisfaction", "team", team.Cur, team.Prev, num(mSatisfaction), [2]float64{11.0 / 3, 3}},
		{"clients at start", "张伟", zhang.Cur, zhang.Prev, num(mOwnedAtStart), [2]float64{2, 1}},
		{"clients at start", "李娜", li.Cur, li.Prev, num(mOwnedAtStart), [2]float64{2, 3}},
		{"clients lost", "李娜", li.Cur, li.Prev, num(mLost), [2]float64{1, 1}},
		{"churn rate", "李娜", li.Cur, li.Prev, num(mChurn), [2]float64{0.5, 1.0 / 3}},
		{"churn rate", "张伟", zhang.Cur, zhang.Prev, num(mChurn), [2]float64{0, 0}},
		{"deals", "张伟", zhang.Cur, zhang.Prev, num(mDeals), [2]float64{3, 1}},
		{"deal amount", "张伟", zhang.Cur, zhang.Prev, num(mDealAmount), [2]float64{13500.50, 3000}},
		{"deal amount", "team", team.Cur, team.Prev, num(mDealAmount), [2]float64{20500.50, 3000}},
		{"collected", "张伟", zhang.Cur, zhang.Prev, num(mCollected), [2]float64{6000, 1000}},
		{"collected", "李娜", li.Cur, li.Prev, num(mCollected), [2]float64{0, 0}},
	}
	for _, c := range cases {
		got := [2]float64{c.get(c.cur), c.get(c.prev)}
		for i, period := range []string{"May", "April"} {
			if !same(got[i], c.want[i]) {
				t.Errorf("%s of %s in %s = %v, want %v", c.name, c.who, period, got[i], c.want[i])
			}
		}
	}
	if r.Cur != team.Cur || r.Prev != team.Prev {
		t.Errorf("report totals %+v differ from the team's %+v", r.Cur, team.Cur)
	}
}

// TestEveryTeamReportsEachTeamAndPoolsTheTotals is the admin's report of
// all teams: both teams, each with its own people, and totals over both.
func TestEveryTeamReportsEachTeamAndPoolsTheTotals(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	r := g.build(t, 0, may2026)
	if len(r.Teams) != 2 || r.Teams[0].ID != g.teamA || r.Teams[1].ID != g.teamB {
		t.Fatalf("teams = %+v", r.Teams)
	}
	if p := r.Teams[1].People; len(p) != 1 || p[0].StaffID != g.other || p[0].Cur.Visits.Total() != 1 ||
		p[0].Cur.DealCents != 500000 {
		t.Errorf("team B = %+v", p)
	}
	if r.Cur.Visits.Total() != 8 || r.Cur.DealCents != 2550050 || r.Cur.Owned != 9 {
		t.Errorf("totals = %+v, want 8 visits, 25,500.50, 9 clients", r.Cur)
	}
	if r.Cur.MedianResolveHours != 15 {
		t.Errorf("pooled median = %v, want 15", r.Cur.MedianResolveHours)
	}
}

// zero is no time: feedback not resolved.
var zero time.Time

func same(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) < 1e-9
}
