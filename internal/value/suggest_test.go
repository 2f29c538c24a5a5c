package value

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/credit"
)

// ruleWorld is team A with one client for each rule and one beside each
// rule that must not fire.
type ruleWorld struct {
	normalInA, keyInA, strategicOld, strategicNew, strategicInC, keyOld, keyNew, normalNone, archived int64
}

func (b *bundle) ruleWorld(t *testing.T) ruleWorld {
	t.Helper()
	recent := time.Date(2026, 12, 1, 10, 0, 0, 0, shanghai) // inside the 12 months
	w := ruleWorld{
		normalInA:    b.client(t, spec{}),
		keyInA:       b.client(t, spec{tier: "key"}),
		strategicOld: b.client(t, spec{tier: "strategic"}),
		strategicNew: b.client(t, spec{tier: "strategic", created: recent}),
		strategicInC: b.client(t, spec{tier: "strategic"}),
		keyOld:       b.client(t, spec{tier: "key"}),
		keyNew:       b.client(t, spec{tier: "key", created: recent}),
		normalNone:   b.client(t, spec{}),
		archived:     b.client(t, spec{}),
	}
	// 1000 + 900 + 1 = 1901: 1000 and 900 make class A, 1 is C.
	b.deal(t, w.normalInA, in12m, "1000")
	b.deal(t, w.keyInA, in12m, "900")
	b.deal(t, w.strategicInC, in12m, "1")
	b.deal(t, w.strategicOld, date(2025, 6, 1), "5000") // before the 12 months
	b.deal(t, w.archived, in12m, "100000")
	b.exec(t, `UPDATE clients SET archived_at = $2 WHERE id = $1`, w.archived, tonight)
	return w
}

func TestSuggestionsNameTheClientsWhoseValueDisagreesWithTheirTier(t *testing.T) {
	t.Parallel()
	b := setup(t)
	w := b.ruleWorld(t)
	b.run(t, tonight)
	p, err := b.store.List(b.ctx, b.managerA, b.teamA, 0)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		client         int64
		rule, from, to string
		abc, amount    string
	}
	var got []row
	for _, s := range p.Items {
		got = append(got, row{s.ClientID, s.Rule, s.FromTier, s.ToTier, s.ABC, s.Amount12m})
	}
	// The largest revenue first; equal revenues in the order they opened.
	want := []row{
		{w.normalInA, NormalInA, "normal", "key", "A", "1000.00"},
		{w.strategicInC, StrategicInC, "strategic", "key", "C", "1.00"},
		{w.strategicOld, StrategicNoDeal, "strategic", "key", "C", "0.00"},
		{w.keyOld, KeyNoDeal, "key", "normal", "C", "0.00"},
	}
	if !reflect.DeepEqual(got, want) || p.Total != 4 || p.More {
		t.Fatalf("review list %+v (total %d, more %v), want %+v", got, p.Total, p.More, want)
	}
	reasons := map[string][2]string{
		NormalInA:       {"普通客户，但近 12 个月成交 ¥1000.00（1 笔），属 A 类", "; suggested tier: key."},
		StrategicInC:    {"战略客户，但近 12 个月仅成交 ¥1.00（1 笔），属 C 类", "Tier strategic, but only ¥1.00 in 1 deals"},
		StrategicNoDeal: {"战略客户，但近 12 个月没有成交（最近成交 2025-06-01）；建议调为重点客户。", "no deal in 12 months (last deal 2025-06-01)"},
		KeyNoDeal:       {"重点客户，但近 12 个月没有成交（从未成交）；建议调为普通客户。", "(never bought); suggested tier: normal."},
	}
	for _, s := range p.Items {
		zh, en := s.Reason("zh"), s.Reason("en")
		if !strings.Contains(zh, reasons[s.Rule][0]) || !strings.Contains(en, reasons[s.Rule][1]) {
			t.Errorf("%s reads %q / %q, want them to contain %q / %q", s.Rule, zh, en, reasons[s.Rule][0], reasons[s.Rule][1])
		}
		if !s.Open() || s.OpenedOn != date(2027, 3, 15) {
			t.Errorf("%s: open %v, opened %s; want open since 2027-03-15", s.Rule, s.Open(), s.OpenedOn)
		}
		// The credit standing is read for a promotion only.
		wantCredit := credit.Assessment{}
		if s.Rule == NormalInA {
			wantCredit.Standing = credit.Good
		}
		if s.Credit != wantCredit {
			t.Errorf("%s: credit %+v, want %+v", s.Rule, s.Credit, wantCredit)
		}
	}
}

func TestAPromotionShowsTheClientsCreditStanding(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.client(t, spec{})
	late := b.deal(t, id, in12m, "1000")
	notDue := b.deal(t, id, in12m, "500")
	b.exec(t, `UPDATE deals SET invoiced = 1000, due_on = '2027-02-13' WHERE id = $1`, late)
	b.exec(t, `INSERT INTO deal_payments (deal_id, amount, paid_on, created_at) VALUES ($1, 400, '2027-02-01', now())`, late)
	b.exec(t, `UPDATE deals SET due_on = '2027-04-01' WHERE id = $1`, notDue)
	b.run(t, tonight)
	p, err := b.store.List(b.ctx, b.managerA, b.teamA, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 600 owed 30 days past due: watch under the default thresholds (15 days).
	want := credit.Assessment{Standing: credit.Watch, Count: 1, Cents: 60000, MaxDays: 30}
	if len(p.Items) != 1 || p.Items[0].Credit != want {
		t.Fatalf("review list %+v, want one promotion with credit %+v", p.Items, want)
	}
	if r := p.Items[0].Reason("zh"); !strings.HasSuffix(r, "建议调为重点客户。注意：信用关注，逾期未回款 ¥600.00，最长逾期 30 天。") {
		t.Errorf("reason %q does not warn of the credit standing", r)
	}
	if r := p.Items[0].Reason("en"); !strings.HasSuffix(r, " Note: credit watch, ¥600.00 overdue, up to 30 days.") {
		t.Errorf("reason %q does not warn of the credit standing", r)
	}

	// Paid in full: good, and no note.
	b.exec(t, `INSERT INTO deal_payments (deal_id, amount, paid_on, created_at) VALUES ($1, 600, '2027-03-14', now())`, late)
	sg, err := b.store.Get(b.ctx, b.managerA, p.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if sg.Credit.Standing != credit.Good || strings.Contains(sg.Reason("en"), "credit") {
		t.Errorf("after payment: credit %+v, reason %q", sg.Credit, sg.Reason("en"))
	}
}

func TestAKeptSuggestionComesBackOnlyAfterItsRuleStoppedHolding(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// other is a key client too new for "no deal in 12 months".
	id, other := b.client(t, spec{}), b.client(t, spec{tier: "key", created: time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai)})
	b.deal(t, id, in12m, "1000")
	b.run(t, tonight)
	first := b.suggestions(t, id)
	if len(first) != 1 {
		t.Fatalf("suggestions %+v, want one", first)
	}
	origin := b.nextOrigin()
	got, err := b.store.Decide(b.ctx, b.managerA, first[0].ID, Keep, origin)
	if err != nil {
		t.Fatal(err)
	}
	if got.Decision != Keep || got.DecidedBy != b.managerA.StaffID || got.DecidedName != "王经理" || got.Open() {
		t.Errorf("after keep: %+v", got)
	}
	// The same update again finds its decision; another decision is refused.
	if again, err := b.store.Decide(b.ctx, b.managerA, first[0].ID, Keep, origin); err != nil || again.Decision != Keep {
		t.Errorf("repeat: %+v, %v", again, err)
	}
	if s, err := b.store.Decide(b.ctx, b.admin, first[0].ID, Change, b.nextOrigin()); !errors.Is(err, ErrDecided) || s.Decision != Keep {
		t.Errorf("a second decision: %+v, %v; want ErrDecided with the keep", s, err)
	}
	if tier := b.tier(t, id); tier != "normal" {
		t.Errorf("tier %s after keep, want normal", tier)
	}
	kept := b.kept(t, id)
	if len(kept) != 1 {
		t.Errorf("%d tier_kept entries, want 1: %+v", len(kept), kept)
	}

	// Still class A the next nights: not listed again.
	for night := 1; night <= 2; night++ {
		b.run(t, tonight.AddDate(0, 0, night))
		if l := b.list(t, b.managerA, b.teamA); len(l) != 0 {
			t.Fatalf("night %d: review list %v, want the kept suggestion left out", night, l)
		}
	}
	if ss := b.suggestions(t, id); len(ss) != 1 || ss[0].ClosedOn != nil || ss[0].Decision != Keep {
		t.Fatalf("suggestions %+v, want the one kept, still open", ss)
	}

	// Another client's deal pushes it out of class A: the rule lapses.
	b.deal(t, other, in12m, "100000")
	b.run(t, tonight.AddDate(0, 0, 3))
	if ss := b.suggestions(t, id); len(ss) != 1 || ss[0].ClosedOn == nil || *ss[0].ClosedOn != date(2027, 3, 18) {
		t.Fatalf("suggestions %+v, want the kept one closed on 2027-03-18", ss)
	}
	// Back in class A: a new suggestion, undecided, listed again.
	b.deal(t, id, date(2027, 3, 17), "200000")
	b.run(t, tonight.AddDate(0, 0, 4))
	ss := b.suggestions(t, id)
	if len(ss) != 2 || ss[1].ID == ss[0].ID || !ss[1].Open() || ss[1].OpenedOn != date(2027, 3, 19) {
		t.Fatalf("suggestions %+v, want a second one opened on 2027-03-19", ss)
	}
	if l := b.list(t, b.managerA, b.teamA); !slices.Equal(l, []int64{id}) {
		t.Errorf("review list %v, want the client back", l)
	}
}

func TestChangeSetsTheTierAuditedLikeAChatEdit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.client(t, spec{})
	b.deal(t, id, in12m, "1000")
	b.run(t, tonight)
	sg := b.suggestions(t, id)[0]
	origin := b.nextOrigin()
	got, err := b.store.Decide(b.ctx, b.managerA, sg.ID, Change, origin)
	if err != nil {
		t.Fatal(err)
	}
	if got.Decision != Change || got.Tier != "key" || got.DecidedBy != b.managerA.StaffID {
		t.Errorf("after change: %+v", got)
	}
	if tier := b.tier(t, id); tier != "key" {
		t.Fatalf("tier %s, want key", tier)
	}
	if again, err := b.store.Decide(b.ctx, b.managerA, sg.ID, Change, origin); err != nil || again.Decision != Change {
		t.Errorf("repeat: %+v, %v", again, err)
	}
	// One entry, as client.Store.Update writes for a tier typed in the chat.
	entries, err := audit.List(b.ctx, b.pool, "client", id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("audit entries %+v, want one", entries)
	}
	e := entries[0]
	want := map[string]any{"tier": map[string]any{"from": "normal", "to": "key"}}
	if e.ActorID != b.managerA.StaffID || e.Action != "update" || !reflect.DeepEqual(e.Changes, want) {
		t.Errorf("audit entry %+v, want %s's update %v", e, "王经理", want)
	}
	if l := b.list(t, b.managerA, b.teamA); len(l) != 0 {
		t.Errorf("review list %v right after the change, want empty", l)
	}
	b.run(t, tonight.AddDate(0, 0, 1))
	ss := b.suggestions(t, id)
	if len(ss) != 1 || ss[0].ClosedOn == nil || ss[0].Decision != Change {
		t.Errorf("suggestions %+v, want the changed one closed the next night", ss)
	}
}

func TestADecisionOnASuggestionThatNoLongerAppliesIsRefused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	elsewhere, promoted := b.client(t, spec{}), b.client(t, spec{})
	b.deal(t, elsewhere, in12m, "1000")
	b.deal(t, promoted, in12m, "1000")
	b.run(t, tonight)
	sElsewhere, sPromoted := b.suggestions(t, elsewhere)[0], b.suggestions(t, promoted)[0]

	// Made strategic in the chat since: neither answer applies.
	b.exec(t, `UPDATE clients SET tier = 'strategic' WHERE id = $1`, elsewhere)
	for _, d := range []Decision{Keep, Change} {
		if _, err := b.store.Decide(b.ctx, b.managerA, sElsewhere.ID, d, b.nextOrigin()); !errors.Is(err, ErrOutdated) {
			t.Errorf("%s after the tier changed: %v, want ErrOutdated", d, err)
		}
	}
	// Already made key in the chat (or by this button's first, interrupted
	// run): Change records the decision without a second tier change.
	if _, err := b.clients.Update(b.ctx, b.managerA, promoted, clientTier("key")); err != nil {
		t.Fatal(err)
	}
	got, err := b.store.Decide(b.ctx, b.managerA, sPromoted.ID, Change, b.nextOrigin())
	if err != nil || got.Decision != Change {
		t.Fatalf("change of a tier already changed: %+v, %v", got, err)
	}
	if entries, _ := audit.List(b.ctx, b.pool, "client", promoted, 10); len(entries) != 1 {
		t.Errorf("audit entries %+v, want the one tier change", entries)
	}
	if _, err := b.store.Decide(b.ctx, b.managerA, sPromoted.ID, "upgrade", 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("an unknown decision: %v, want ErrInvalid", err)
	}
}

func TestRightsToTheReviewPerRole(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first, second := b.client(t, spec{}), b.client(t, spec{})
	b.deal(t, first, in12m, "1000")
	b.deal(t, second, in12m, "1000")
	b.run(t, tonight)
	sFirst, sSecond := b.suggestions(t, first)[0], b.suggestions(t, second)[0]
	cases := []struct {
		name   string
		actor  access.Actor
		list   error // List of team A
		read   error // Get and Decide of its suggestion
		value  error // Value of its client (the card)
		decide int64 // a suggestion the actor decides (Keep), 0 for none
	}{
		{"admin of no team", b.admin, nil, nil, nil, sSecond.ID},
		{"manager of the team", b.managerA, nil, nil, nil, sFirst.ID},
		{"salesperson of the team", b.salesA, access.ErrForbidden, access.ErrForbidden, nil, 0},
		{"manager of another team", b.managerB, access.ErrForbidden, ErrNotFound, ErrNotFound, 0},
		{"salesperson of another team", b.salesB, access.ErrForbidden, ErrNotFound, ErrNotFound, 0},
	}
	for _, tc := range cases {
		_, err := b.store.List(b.ctx, tc.actor, b.teamA, 0)
		if !errors.Is(err, tc.list) && (tc.list != nil || err != nil) {
			t.Errorf("%s: List: %v, want %v", tc.name, err, tc.list)
		}
		_, err = b.store.Get(b.ctx, tc.actor, sFirst.ID)
		if !errors.Is(err, tc.read) && (tc.read != nil || err != nil) {
			t.Errorf("%s: Get: %v, want %v", tc.name, err, tc.read)
		}
		if tc.read != nil {
			if _, err := b.store.Decide(b.ctx, tc.actor, sFirst.ID, Keep, b.nextOrigin()); !errors.Is(err, tc.read) {
				t.Errorf("%s: Decide: %v, want %v", tc.name, err, tc.read)
			}
		}
		v, err := b.store.Value(b.ctx, tc.actor, first)
		if !errors.Is(err, tc.value) && (tc.value != nil || err != nil) || err == nil && v.ABC != ClassA {
			t.Errorf("%s: Value: %+v, %v; want class A or %v", tc.name, v, err, tc.value)
		}
	}
	// Nothing refused changed anything; the allowed decisions are taken.
	if ss := b.suggestions(t, first); ss[0].Decision != "" {
		t.Fatalf("a refused actor decided: %+v", ss[0])
	}
	for _, tc := range cases {
		if tc.decide == 0 {
			continue
		}
		if s, err := b.store.Decide(b.ctx, tc.actor, tc.decide, Keep, b.nextOrigin()); err != nil || s.DecidedBy != tc.actor.StaffID {
			t.Errorf("%s: Decide: %+v, %v", tc.name, s, err)
		}
	}
}

func TestRunningTwiceForTheSameNightChangesNothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	w := b.ruleWorld(t)
	b.client(t, spec{team: b.teamB})
	b.run(t, tonight)
	values, sugg := b.values(t), b.suggestions(t, w.normalInA)
	listA := b.list(t, b.managerA, b.teamA)
	b.run(t, tonight)
	if again := b.values(t); !reflect.DeepEqual(again, values) {
		t.Errorf("values changed on the second run:\n%+v\n%+v", values, again)
	}
	if again := b.suggestions(t, w.normalInA); !reflect.DeepEqual(again, sugg) {
		t.Errorf("suggestion changed on the second run:\n%+v\n%+v", sugg, again)
	}
	if again := b.list(t, b.managerA, b.teamA); !slices.Equal(again, listA) || len(listA) != 4 {
		t.Errorf("review list %v then %v, want the same four", listA, again)
	}
	var rows int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM tier_suggestions`).Scan(&rows); err != nil || rows != 4 {
		t.Errorf("%d suggestion rows (%v), want 4", rows, err)
	}

	// The next night, with no deal entering or leaving the 12 months, the
	// values are as of the new day and no row is written again.
	versions := b.rowVersions(t)
	b.run(t, tonight.AddDate(0, 0, 1))
	if again := b.rowVersions(t); again != versions {
		t.Errorf("rows rewritten by a night that changed nothing: %s, then %s", versions, again)
	}
	v := b.values(t)[w.normalInA]
	if v.ComputedOn != date(2027, 3, 16) || v.ChangedOn != date(2027, 3, 15) {
		t.Errorf("value computed on %s, changed on %s; want 2027-03-16 and 2027-03-15", v.ComputedOn, v.ChangedOn)
	}
}

// rowVersions names the row versions of the values and suggestions: a row
// written again gets a new xmin.
func (b *bundle) rowVersions(t *testing.T) string {
	t.Helper()
	var s string
	if err := b.pool.QueryRow(b.ctx, `SELECT (SELECT string_agg(client_id || ':' || xmin::text, ',' ORDER BY client_id) FROM client_values)
		|| ' / ' || (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM tier_suggestions)`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAClientMovedToAnotherTeamTakesItsSuggestionAlong(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.client(t, spec{})
	b.deal(t, id, in12m, "1000")
	b.run(t, tonight)
	b.exec(t, `UPDATE clients SET team_id = $2, owner_id = $3 WHERE id = $1`, id, b.teamB, b.salesB.StaffID)
	if l := b.list(t, b.managerA, b.teamA); len(l) != 0 {
		t.Errorf("team A's list %v after the move, want empty", l)
	}
	b.run(t, tonight.AddDate(0, 0, 1))
	if l := b.list(t, b.managerB, b.teamB); !slices.Equal(l, []int64{id}) {
		t.Errorf("team B's list %v, want the moved client", l)
	}
	if ss := b.suggestions(t, id); len(ss) != 1 || ss[0].TeamID != b.teamB {
		t.Errorf("suggestions %+v, want the one, now team B's", ss)
	}
	if v := b.values(t)[id]; v.TeamID != b.teamB || v.ABC != ClassA {
		t.Errorf("value %+v, want team B's class A", v)
	}
}

func (b *bundle) tier(t *testing.T, clientID int64) string {
	t.Helper()
	var tier string
	if err := b.pool.QueryRow(b.ctx, `SELECT tier FROM clients WHERE id = $1`, clientID).Scan(&tier); err != nil {
		t.Fatal(err)
	}
	return tier
}

// kept returns the client's tier_kept audit entries.
func (b *bundle) kept(t *testing.T, clientID int64) []audit.Entry {
	t.Helper()
	entries, err := audit.List(b.ctx, b.pool, "client", clientID, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Entry
	for _, e := range entries {
		if e.Action == "tier_kept" {
			out = append(out, e)
		}
	}
	return out
}
