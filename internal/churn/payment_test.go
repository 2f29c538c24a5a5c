package churn

import (
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/credit"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

func TestAssessOverduePayments(t *testing.T) {
	t.Parallel()
	base := Signals{Tier: "key", Stage: StageActive, Contacted: true, DaysSinceContact: 3}
	for _, c := range []struct {
		name   string
		credit credit.Assessment
		want   []Reason
	}{
		{"nothing owed", credit.Assessment{Standing: credit.Good}, nil},
		{"owed in its grace days", credit.Assessment{Standing: credit.Good, Count: 1, Cents: 500_000, MaxDays: 10}, nil},
		{"watch", credit.Assessment{Standing: credit.Watch, Count: 1, Cents: 500_000, MaxDays: 20},
			[]Reason{{Code: OverduePayment, Count: 1, Days: 20, Amount: "5000.00", Standing: "watch"}}},
		{"at risk", credit.Assessment{Standing: credit.AtRisk, Count: 2, Cents: 12_000_050, MaxDays: 75},
			[]Reason{{Code: OverduePayment, Count: 2, Days: 75, Amount: "120000.50", Standing: "at_risk"}}},
	} {
		s := base
		s.Credit = c.credit
		got, stage := Assess(s, DefaultThresholds())
		if stage != "" || len(got) != len(c.want) || len(got) == 1 && got[0] != c.want[0] {
			t.Errorf("%s: reasons %+v stage %q, want %+v", c.name, got, stage, c.want)
		}
	}
}

func TestOverduePaymentReasonText(t *testing.T) {
	t.Parallel()
	r := Reason{Code: OverduePayment, Count: 2, Days: 75, Amount: "120000.50", Standing: "at_risk"}
	if got := r.Text("zh"); got != "回款逾期：¥120000.50 未收（2 笔，最长逾期 75 天），信用高风险" {
		t.Errorf("zh: %q", got)
	}
	if got := r.Text("en"); got != "overdue payments: ¥120000.50 owed (2 deals, up to 75 days past due), credit at risk" {
		t.Errorf("en: %q", got)
	}
}

// owingClient is a client contacted recently with a deal of amount made on
// 2026-11-01 that fell due on due; it returns the client and the deal.
func (b *bundle) owingClient(t *testing.T, amount string, due time.Time) (int64, int64) {
	t.Helper()
	contact := time.Date(2026, 12, 20, 10, 0, 0, 0, shanghai)
	c := b.client(t, spec{name: "欠款客户", contact: &contact})
	return c, b.deal(t, c, amount, due)
}

func (b *bundle) deal(t *testing.T, client int64, amount string, due time.Time) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO deals (client_id, deal_on, amount, created_at, due_on)
		VALUES ($1, '2026-11-01', $2::numeric, now(), $3) RETURNING id`, client, amount, due).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) pay(t *testing.T, deal int64, amount string) {
	t.Helper()
	b.exec(t, `INSERT INTO deal_payments (deal_id, amount, paid_on, created_at) VALUES ($1, $2::numeric, '2027-01-02', now())`, deal, amount)
}

func TestOverduePaymentAlertsEachManagerOncePerEpisode(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c, d := b.owingClient(t, "50000", date(2026, 12, 10)) // 22 days past due on 2027-01-01
	calm, paid := b.owingClient(t, "8000", date(2026, 12, 1))
	b.pay(t, paid, "8000")
	// Owed, but within the grace days: no signal.
	big := b.deal(t, calm, "900000", date(2026, 12, 25))

	if n := b.run(t, day(0)); n != 2 {
		t.Fatalf("first scan enqueued %d, want one alert for each of the 2 managers", n)
	}
	e := b.onlyEpisode(t, c)
	b.checkReasons(t, e.ID, `[{"code":"overdue_payment","count":1,"days":22,"amount":"50000.00","standing":"watch"}]`)
	if es := b.episodes(t, calm); len(es) != 0 {
		t.Fatalf("a client owing nothing past its grace days has episodes %+v", es)
	}
	alerts := b.outbox(t, KindAlert)
	if len(alerts) != 2 || !strings.Contains(alerts[0].Text+alerts[1].Text, "回款逾期：¥50000.00") ||
		!strings.Contains(alerts[0].Text+alerts[1].Text, "overdue payments: ¥50000.00 owed") {
		t.Fatalf("alerts = %+v", alerts)
	}

	// The next scan alerts nobody again.
	if n := b.run(t, day(1)); n != 0 {
		t.Fatalf("second scan enqueued %d, want 0", n)
	}
	// A call to chase the money does not end the episode while the money
	// is owed, so the scan after it alerts nobody either.
	b.setNow(day(1).Add(3 * time.Hour))
	if _, _, err := b.visits.Log(b.ctx, b.ownerA, visit.Draft{ClientID: c, Kind: visit.Phone, Notes: "催款，客户答应月底前付清"}, 0); err != nil {
		t.Fatal(err)
	}
	if n := b.run(t, day(2)); n != 0 {
		t.Fatalf("scan after the call enqueued %d, want 0", n)
	}
	if e := b.onlyEpisode(t, c); !e.Open() {
		t.Fatalf("the call ended the episode: %+v", e)
	}

	// Paid in full: the episode ends.
	b.pay(t, d, "50000")
	if n := b.run(t, day(3)); n != 0 {
		t.Fatalf("scan after the payment enqueued %d, want 0", n)
	}
	if e := b.onlyEpisode(t, c); e.Open() {
		t.Fatalf("episode still open after the payment: %+v", e)
	}

	// A new deal falls 15 days past due: a new episode, a new alert each.
	b.pay(t, big, "900000")
	b.deal(t, c, "120000", date(2027, 1, 2))
	if n := b.run(t, day(15)); n != 0 { // 14 days past due
		t.Fatalf("day 14 past due enqueued %d, want 0", n)
	}
	if n := b.run(t, day(16)); n != 2 {
		t.Fatalf("day 15 past due enqueued %d, want 2", n)
	}
	es := b.episodes(t, c)
	if len(es) != 2 || !es[1].Open() {
		t.Fatalf("episodes = %+v, want a second, open one", es)
	}
	// 120,000 owed 15 days past due reaches the amount: at risk.
	b.checkReasons(t, es[1].ID, `[{"code":"overdue_payment","count":1,"days":15,"amount":"120000.00","standing":"at_risk"}]`)
	keys := map[string]bool{}
	for _, m := range b.outbox(t, KindAlert) {
		keys[m.Key] = true
	}
	for _, ep := range []int64{e.ID, es[1].ID} {
		for _, m := range []int64{b.managerZh.StaffID, b.managerEn.StaffID} {
			if !keys[key("churn", ep, m)] {
				t.Errorf("missing alert %s in %v", key("churn", ep, m), keys)
			}
		}
	}
}

func TestContactEndsAnEpisodeThatDidNotNameOverduePayments(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// Not contacted for 70 days (key: limit 60) and owing 20 days past due
	// from the same day on: both reasons, one episode.
	contact := time.Date(2026, 10, 23, 10, 0, 0, 0, shanghai)
	c := b.client(t, spec{name: "双重风险", contact: &contact})
	if n := b.run(t, day(0)); n != 2 {
		t.Fatalf("enqueued %d, want 2", n)
	}
	first := b.onlyEpisode(t, c)
	// A debt arises inside the episode: no second alert.
	b.deal(t, c, "3000", date(2026, 12, 10))
	if n := b.run(t, day(1)); n != 0 {
		t.Fatalf("a debt inside an episode enqueued %d, want 0", n)
	}
	// Contact resumes: the episode about contact ends, and the debt, which
	// its managers were never told of, opens one of its own.
	b.setNow(day(1).Add(3 * time.Hour))
	if _, _, err := b.visits.Log(b.ctx, b.ownerA, visit.Draft{ClientID: c, Kind: visit.OnSite, Notes: "拜访"}, 0); err != nil {
		t.Fatal(err)
	}
	if n := b.run(t, day(2)); n != 2 {
		t.Fatalf("enqueued %d after the visit, want 2", n)
	}
	es := b.episodes(t, c)
	if len(es) != 2 || es[0].ID != first.ID || es[0].Open() || es[0].EndReason != EndContactResumed || !es[1].Open() {
		t.Fatalf("episodes = %+v", es)
	}
	b.checkReasons(t, es[1].ID, `[{"code":"overdue_payment","count":1,"days":24,"amount":"3000.00","standing":"watch"}]`)
}
