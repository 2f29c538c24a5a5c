package sandbox

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// A plan is one client of the demo ledger and its history, in days before
// the sandbox's first day; Seed writes it through the stores, moving its
// clock to each day. Planning is pure, so the same seed gives the same
// ledger.
type plan struct {
	draft    client.Draft // with its first (primary) contact
	owner    string       // a Person's Name
	created  int          // days ago
	contacts []client.ContactDraft
	visits   []plannedVisit // oldest first
	// reviewed is the day the archive was last reviewed (复核), days ago;
	// -1 when never, so its review fell due a cadence after its creation.
	reviewed int
	deals    []plannedDeal
	feedback []plannedFeedback
	// churned marks a client its owner wrote off (流失) after its visits.
	churned bool
}

type plannedVisit struct {
	ago            int
	kind           visit.Kind
	notes, outcome string
	followUp       int // days after the visit; 0 for none
}

type plannedDeal struct {
	ago         int
	amount      string
	description string
	termDays    int // payment due this many days after the deal; 0 tracks no receivable
	paidAgo     int // the whole amount was paid this many days ago; -1 unpaid
}

type plannedFeedback struct {
	ago        int
	kind       feedback.Kind
	severity   feedback.Severity
	body       string
	resolveAgo int // -1 while open
	resolution string
	score      int
}

// seedRand is the demo ledger's fixed seed.
func seedRand() *rand.Rand { return rand.New(rand.NewPCG(2026, 1128)) } //nolint:gosec // demo data, not a secret

// contactLimit is the days without contact after which the churn scan flags
// a client of tier (its review cadence, CHURN_CONTACT_FACTOR 1).
func contactLimit(tier string) int { return client.ReviewCadence(tier) }

// planLedger plans the showcase clients (birthdays counted from today) and
// the ordinary ones: eastN of the East team's salespeople and manager,
// southN of the South team's salesperson.
func planLedger(r *rand.Rand, today time.Time, eastN, southN int) []plan {
	plans := showcase(today)
	type slot struct{ trade, line int }
	var slots []slot
	for t := range tradeNames {
		for l := range lines {
			slots = append(slots, slot{t, l})
		}
	}
	r.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	eastOwners := []string{"张伟", "张伟", "张伟", "Lucy Liu", "Lucy Liu", "Lucy Liu", "李娜", "李娜"}
	for i := range eastN + southN {
		s := slots[i]
		owner, cities := pick(r, eastOwners), eastCities
		if i >= eastN {
			owner, cities = "陈静", southCities
		}
		city := pick(r, cities)
		plans = append(plans, ordinary(r, city, tradeNames[s.trade], lines[s.line].name, lines[s.line].industry, owner))
	}
	return plans
}

// ordinary plans one client whose history raises no alarm on the first day:
// contacted within its tier's limit (or never, while potential), at most
// two visits in the 90 days before the last 90, receivables paid when due.
// A few of them were written off long ago.
func ordinary(r *rand.Rand, city, trade, line, industry, owner string) plan {
	tier := "normal"
	switch x := r.IntN(100); {
	case x < 5:
		tier = "strategic"
	case x < 25:
		tier = "key"
	}
	size := pick(r, []string{"small", "small", "medium", "medium", "large"})
	form := "有限公司"
	if size == "large" && r.IntN(2) == 0 {
		form = "股份有限公司"
	}
	p := plan{owner: owner, reviewed: -1}
	p.draft = client.Draft{
		Name: city + trade + line + form, Industry: industry, Size: size, Tier: tier, Region: city,
		Address: fmt.Sprintf("%s市%s路%d号", city, pick(r, []string{"人民", "中山", "建设", "解放", "科技", "工业园"}), 1+r.IntN(999)),
		Source:  pick(r, []string{"展会", "老客户介绍", "电话开发", "官网咨询", "招投标"}),
		Contact: &client.ContactDraft{Name: personName(r), Position: pick(r, positions), Phone: phone(r)},
	}
	if r.IntN(10) < 6 {
		b := birthday(r)
		p.draft.Contact.Birthday = &b
	}
	if r.IntN(3) == 0 {
		c := client.ContactDraft{Name: personName(r), Position: pick(r, positions), Phone: phone(r)}
		if r.IntN(2) == 0 {
			b := birthday(r)
			c.Birthday = &b
		}
		p.contacts = append(p.contacts, c)
	}
	switch x := r.IntN(100); {
	case x < 12: // potential: found, never contacted, its archive kept up
		p.draft.Stage, p.created = "potential", 5+r.IntN(200)
		p.reviewed = min(p.created, r.IntN(contactLimit(tier)*2/3))
		return p
	case x < 16: // written off long ago
		p.draft.Stage, p.created, p.churned = "active", 400+r.IntN(200), true
		p.visits = visitsBetween(r, 200+r.IntN(100), 2)
		return p
	case x < 30: // new this quarter
		p.draft.Stage, p.created = "new", 10+r.IntN(50)
	default:
		p.draft.Stage, p.created = "active", 200+r.IntN(500)
	}
	limit := contactLimit(tier)
	last := min(limit*(2+r.IntN(7))/10, p.created-1) // 20% to 80% of the limit ago
	p.visits = slices.DeleteFunc(visitsBetween(r, last, 1+r.IntN(3)), func(v plannedVisit) bool { return v.ago >= p.created })
	if last <= 10 && r.IntN(5) < 2 {
		p.visits[len(p.visits)-1].followUp = last + 1 + r.IntN(7)
	}
	p.reviewed = last
	if r.IntN(10) < 4 {
		p.deals = deals(r, p.created, last)
	}
	p.visits = quietQuarter(p.visits, len(p.deals))
	p.feedback = someFeedback(r, last)
	return p
}

// fastForwardDays is how far a visitor may move the clock (to the 1st of
// next month, say) before an ordinary client's quarters start to compare
// badly.
const fastForwardDays = 30

// quietQuarter drops a client's oldest visits until at most two visits and
// deals fall in the 90 days before the last 90, however far the clock is
// moved within fastForwardDays: three or more there, against fewer since,
// is the churn scan's activity drop.
func quietQuarter(vs []plannedVisit, dealsThere int) []plannedVisit {
	for {
		n := dealsThere
		for _, v := range vs {
			if v.ago >= 90-fastForwardDays && v.ago < 180 {
				n++
			}
		}
		if n <= 2 || len(vs) <= 1 {
			return vs
		}
		vs = vs[1:]
	}
}

// someFeedback plans, for one client in twelve, feedback registered in the
// last two days and still open (none of it a complaint, whose deadline
// would pass at once), and for one in twelve feedback resolved long ago.
func someFeedback(r *rand.Rand, lastVisit int) []plannedFeedback {
	fb := pick(r, feedbackBodies)
	switch x := r.IntN(12); {
	case x == 0 && fb.kind != string(feedback.Complaint):
		return []plannedFeedback{{ago: min(lastVisit, r.IntN(3)), kind: feedback.Kind(fb.kind), severity: feedback.Medium,
			body: fb.body, resolveAgo: -1}}
	case x == 1 && lastVisit > 10:
		return []plannedFeedback{{ago: lastVisit, kind: feedback.Kind(fb.kind), severity: feedback.Low, body: fb.body,
			resolveAgo: lastVisit - 2 - r.IntN(5), resolution: "已与客户沟通并处理完毕。", score: 3 + r.IntN(3)}}
	}
	return nil
}

// visitsBetween plans n visits, the last one lastAgo days ago and each
// earlier one 20 to 40 days before the next.
func visitsBetween(r *rand.Rand, lastAgo, n int) []plannedVisit {
	vs := make([]plannedVisit, n)
	ago := lastAgo
	for i := n - 1; i >= 0; i-- {
		vs[i] = plannedVisit{ago: ago, kind: pick(r, []visit.Kind{visit.OnSite, visit.OnSite, visit.Phone, visit.Phone, visit.Video, visit.Other}),
			notes: pick(r, visitNotes), outcome: pick(r, visitOutcomes)}
		ago += 20 + r.IntN(21)
	}
	return vs
}

// deals plans one or two deals in the last 60 days (or older than 180, so
// the churn scan's comparison of quarters stays quiet), each with payment
// terms; those due before the first day were paid on time.
func deals(r *rand.Rand, created, lastVisit int) []plannedDeal {
	var out []plannedDeal
	for range 1 + r.IntN(2) {
		ago := lastVisit + r.IntN(30)
		if ago >= 90-fastForwardDays {
			ago = 181 + r.IntN(120)
		}
		if ago >= created {
			continue
		}
		d := plannedDeal{ago: ago, amount: fmt.Sprintf("%d00", 80+r.IntN(5000)),
			description: pick(r, []string{"年度框架采购", "设备采购", "备品备件", "技术服务", "项目一期"}),
			termDays:    pick(r, []int{30, 60, 90}), paidAgo: -1}
		if due := ago - d.termDays; due > 0 {
			d.paidAgo = due + r.IntN(5) // paid up to a few days early
		}
		out = append(out, d)
	}
	return out
}
