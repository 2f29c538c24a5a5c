package visit

import (
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func TestLogRecordsTheVisitorsSatisfactionOncePerVisit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	d := Draft{ClientID: b.client, Kind: OnSite, Notes: "验收顺利", Satisfaction: 4}
	v, created, err := b.store.Log(b.ctx, b.mate, d, 501)
	if err != nil || !created {
		t.Fatalf("Log = %v, %v", created, err)
	}
	// The same update again finds the visit and adds no second reading.
	if again, created, err := b.store.Log(b.ctx, b.mate, d, 501); err != nil || created || again.ID != v.ID {
		t.Fatalf("replay = %+v, %v, %v", again, created, err)
	}
	var score, staff int64
	var source string
	var at time.Time
	if err := b.pool.QueryRow(b.ctx, `SELECT score, source, staff_id, at FROM satisfaction WHERE visit_id = $1`, v.ID).
		Scan(&score, &source, &staff, &at); err != nil {
		t.Fatal(err)
	}
	if score != 4 || source != SourceVisit || staff != b.mate.StaffID || !at.Equal(v.VisitedAt) {
		t.Fatalf("reading = %d %s by %d at %s", score, source, staff, at)
	}
	if n := count(t, b, `SELECT count(*) FROM satisfaction`); n != 1 {
		t.Fatalf("%d readings, want 1", n)
	}
	entries, _ := audit.List(b.ctx, b.pool, "visit", v.ID, 1)
	if len(entries) != 1 || entries[0].Changes["satisfaction"] != float64(4) {
		t.Fatalf("audit = %+v", entries)
	}
}

func TestLogWithoutSatisfactionRecordsNoReadingAndRefusesAScoreOutOfRange(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "确认交期"})
	for _, score := range []int{-1, 6, 10} {
		_, _, err := b.store.Log(b.ctx, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "x", Satisfaction: score}, 0)
		if !errors.Is(err, ErrInvalid) || !errors.Is(err, ErrScore) {
			t.Errorf("score %d: %v, want ErrInvalid and ErrScore", score, err)
		}
	}
	if n := count(t, b, `SELECT count(*) FROM satisfaction`); n != 0 {
		t.Fatalf("%d readings, want none", n)
	}
	if n := count(t, b, `SELECT count(*) FROM visits`); n != 1 {
		t.Fatalf("%d visits, want the one without a score", n)
	}
}

func TestSatisfactionGivesTheLatestReadingAndTheTrendToThoseWhoMaySee(t *testing.T) {
	t.Parallel()
	b := setup(t)
	now := b.clock.now()
	// Two readings 100-170 days ago (average 2), three in the last 90 days
	// (average 4), and one too old to count in either period.
	b.reading(t, 5, "feedback", now.AddDate(0, 0, -200))
	b.reading(t, 2, "feedback", now.AddDate(0, 0, -170))
	b.reading(t, 2, "feedback", now.AddDate(0, 0, -100))
	b.reading(t, 3, "feedback", now.AddDate(0, 0, -60))
	b.reading(t, 4, "feedback", now.AddDate(0, 0, -10))
	b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "回访", Satisfaction: 5})

	got, err := b.store.SatisfactionOf(b.ctx, b.manager, b.client)
	if err != nil {
		t.Fatal(err)
	}
	if got.Latest != 5 || got.LatestSource != SourceVisit || got.LatestAt == nil || !got.LatestAt.Equal(now) {
		t.Fatalf("latest = %d %q %v", got.Latest, got.LatestSource, got.LatestAt)
	}
	if got.RecentCount != 3 || got.Recent != 4 || got.BeforeCount != 2 || got.Before != 2 || got.Trend() != 1 {
		t.Fatalf("periods = %+v, trend %d", got, got.Trend())
	}

	// The card's batched read says the same; another team reads nothing.
	read := func(actor access.Actor) Satisfaction {
		var s Satisfaction
		batch := &pgx.Batch{}
		b.store.QueueSatisfaction(batch, actor, b.client, &s)
		if err := b.pool.SendBatch(b.ctx, batch).Close(); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := read(b.sales); !same(s, got) {
		t.Fatalf("batched read = %+v, want %+v", s, got)
	}
	if s := read(b.outsider); s != (Satisfaction{}) {
		t.Fatalf("another team reads %+v", s)
	}
	if _, err := b.store.SatisfactionOf(b.ctx, b.outsider, b.client); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another team: %v, want ErrNotFound", err)
	}
	if s, err := b.store.SatisfactionOf(b.ctx, b.admin, b.client); err != nil || !same(s, got) {
		t.Fatalf("admin reads %+v, %v", s, err)
	}
}

func TestSatisfactionOfAClientWithoutReadingsIsEmpty(t *testing.T) {
	t.Parallel()
	b := setup(t)
	got, err := b.store.SatisfactionOf(b.ctx, b.sales, b.client)
	if err != nil || got.Latest != 0 || got.LatestAt != nil || got.RecentCount != 0 || got.Trend() != 0 {
		t.Fatalf("no readings: %+v, %v", got, err)
	}
}

func TestSatisfactionTrend(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		s    Satisfaction
		want int
	}{
		{Satisfaction{Recent: 4, RecentCount: 2, Before: 3.5, BeforeCount: 1}, 1},
		{Satisfaction{Recent: 4, RecentCount: 2, Before: 3.6, BeforeCount: 1}, 0},
		{Satisfaction{Recent: 3, RecentCount: 1, Before: 3.5, BeforeCount: 4}, -1},
		{Satisfaction{Recent: 1, RecentCount: 1}, 0},                 // nothing before
		{Satisfaction{Before: 5, BeforeCount: 3}, 0},                 // nothing recent
		{Satisfaction{Recent: 5, RecentCount: 1, BeforeCount: 0}, 0}, // a zero average is no reading
	} {
		if got := c.s.Trend(); got != c.want {
			t.Errorf("%+v: trend %d, want %d", c.s, got, c.want)
		}
	}
}

// reading inserts a reading of the bundle's client by the salesperson,
// as resolving feedback would.
func (b *bundle) reading(t *testing.T, score int, source string, at time.Time) {
	t.Helper()
	var fb int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, status, due_on, created_at, updated_at, resolved_at)
		VALUES ($1, $2, $2, 'complaint', 'low', 'x', 'resolved', '2026-01-01', $3, $3, $3) RETURNING id`, b.client, b.sales.StaffID, at).Scan(&fb); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(b.ctx, `INSERT INTO satisfaction (client_id, score, source, feedback_id, staff_id, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, b.client, score, source, fb, b.sales.StaffID, at); err != nil {
		t.Fatal(err)
	}
}

// same compares two summaries, their latest times by instant.
func same(a, b Satisfaction) bool {
	if (a.LatestAt == nil) != (b.LatestAt == nil) || a.LatestAt != nil && !a.LatestAt.Equal(*b.LatestAt) {
		return false
	}
	a.LatestAt, b.LatestAt = nil, nil
	return a == b
}

func count(t *testing.T, b *bundle, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := b.pool.QueryRow(b.ctx, sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
