package dedupe

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// bundle is one test's ledger: teams East and West, each with a manager
// and a salesperson, the clients made through client.Store (so their
// search keys are the real ones), and a Finder.
type bundle struct {
	ctx                context.Context
	pool               *pgxpool.Pool
	clients            *client.Store
	finder             *Finder
	east, west         int64
	mgrE, salesE, mgrW access.Actor
	salesW, admin      access.Actor
	now                time.Time
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return b.now }
	b.clients = client.NewStore(b.pool, clock, time.UTC)
	b.finder = New(b.pool, time.UTC, clock, nil)
	b.east, b.west = b.team(t, "East"), b.team(t, "West")
	b.mgrE = b.staff(t, access.Manager, b.east)
	b.salesE = b.staff(t, access.Sales, b.east)
	b.mgrW = b.staff(t, access.Manager, b.west)
	b.salesW = b.staff(t, access.Sales, b.west)
	b.admin = b.staff(t, access.Admin, 0)
	return b
}

func (b *bundle) team(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO teams (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) staff(t *testing.T, role access.Role, team int64) access.Actor {
	t.Helper()
	var id int64
	var teamID *int64
	if team != 0 {
		teamID = &team
	}
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		VALUES ((SELECT coalesce(max(telegram_id), 0) + 1 FROM staff), (SELECT coalesce(max(telegram_id), 0) + 1 FROM staff),
		$1 || ' ' || coalesce($2::bigint, 0), $1, $2) RETURNING id`, string(role), teamID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return access.Actor{StaffID: id, Role: role, TeamID: team}
}

func (b *bundle) client(t *testing.T, as access.Actor, name, phone string) int64 {
	t.Helper()
	d := client.Draft{Name: name}
	if phone != "" {
		d.Contact = &client.ContactDraft{Name: "联系人", Phone: phone}
	}
	c, _, err := b.clients.Create(b.ctx, as, d, 0)
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return c.ID
}

type key struct {
	a, b   int64
	reason string
}

func keys(ps []Pair) map[key]bool {
	out := map[key]bool{}
	for _, p := range ps {
		out[key{p.A.ID, p.B.ID, p.Reason}] = true
	}
	return out
}

func TestSweepFindsSameNamePhoneAndSimilarPairsWithinATeam(t *testing.T) {
	t.Parallel()
	b := setup(t)
	huawei := b.client(t, b.salesE, "华为技术有限公司", "")
	huawei2 := b.client(t, b.salesE, "华为技术", "")
	acme := b.client(t, b.salesE, "Acme Trading", "13800138000")
	acmeLtd := b.client(t, b.salesE, "Zenith Foods", "+86 138 0013 8000")
	siemens := b.client(t, b.salesE, "Siemens Medical Shanghai", "")
	siemans := b.client(t, b.salesE, "Siemans Medical Shanghai", "")
	b.client(t, b.salesE, "小米科技", "")
	westHuawei := b.client(t, b.salesW, "华为技术有限公司", "13800138000")
	archived := b.client(t, b.salesE, "华为技术股份有限公司", "")
	if _, err := b.clients.Archive(b.ctx, b.mgrE, archived); err != nil {
		t.Fatal(err)
	}

	ps, more, err := b.finder.List(b.ctx, b.mgrE, b.east, 0)
	if err != nil || more {
		t.Fatalf("List: %v (more %v)", err, more)
	}
	got := keys(ps)
	for _, want := range []key{{huawei, huawei2, ReasonName}, {acme, acmeLtd, ReasonPhone}, {siemens, siemans, ReasonSimilar}} {
		if !got[want] {
			t.Errorf("pair %v not listed; got %+v", want, ps)
		}
	}
	if len(ps) != 3 {
		t.Errorf("%d pairs, want 3: %+v", len(ps), ps)
	}
	for _, p := range ps {
		if p.A.ID == westHuawei || p.B.ID == westHuawei || p.A.ID == archived || p.B.ID == archived {
			t.Errorf("pair %+v crosses teams or holds an archived client", p)
		}
	}
	if ps[0].Reason != ReasonName || ps[len(ps)-1].Reason != ReasonSimilar {
		t.Errorf("not best first: %+v", ps)
	}

	// Dismissed, the pair is gone; merged, so is its pair.
	if err := b.finder.Dismiss(b.ctx, b.mgrE, siemans, siemens); err != nil {
		t.Fatal(err)
	}
	if _, err := b.clients.Merge(b.ctx, b.mgrE, huawei, []int64{huawei2}, nil, 0); err != nil {
		t.Fatal(err)
	}
	ps, _, err = b.finder.List(b.ctx, b.mgrE, b.east, 0)
	if err != nil || len(ps) != 1 || ps[0].Reason != ReasonPhone {
		t.Fatalf("after a dismissal and a merge: %+v, %v", ps, err)
	}
}

func TestSweepRights(t *testing.T) {
	t.Parallel()
	b := setup(t)
	x := b.client(t, b.salesE, "Acme Trading", "")
	y := b.client(t, b.salesE, "Acme Trading Inc", "")
	w := b.client(t, b.salesW, "Acme Trading", "")
	for _, a := range []access.Actor{b.salesE, b.mgrW} {
		if _, _, err := b.finder.List(b.ctx, a, b.east, 0); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("%s of team %d lists East: %v", a.Role, a.TeamID, err)
		}
	}
	if ps, _, err := b.finder.List(b.ctx, b.admin, b.east, 0); err != nil || len(ps) != 1 {
		t.Errorf("admin: %+v, %v", ps, err)
	}
	if err := b.finder.Dismiss(b.ctx, b.salesE, x, y); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("a salesperson dismissed: %v", err)
	}
	if err := b.finder.Dismiss(b.ctx, b.mgrW, x, y); !errors.Is(err, ErrNotFound) {
		t.Errorf("another team's manager dismissed: %v", err)
	}
	if err := b.finder.Dismiss(b.ctx, b.admin, x, w); !errors.Is(err, ErrNotFound) {
		t.Errorf("a pair across teams dismissed: %v", err)
	}
}

func TestMonthlyJobSendsEachManagerTheListOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.client(t, b.salesE, "Acme Trading", "")
	b.client(t, b.salesE, "Acme Trading Ltd", "")
	b.client(t, b.salesW, "Only One", "")
	n, err := b.finder.Run(b.ctx, b.now)
	if err != nil || n != 1 {
		t.Fatalf("Run = %d, %v; want one message (East's manager; West has no pair)", n, err)
	}
	var chat int64
	var text string
	if err := b.pool.QueryRow(b.ctx, `SELECT chat_id, text FROM outbox WHERE kind = 'duplicates' AND staff_id = $1`,
		b.mgrE.StaffID).Scan(&chat, &text); err != nil {
		t.Fatal(err)
	}
	if n, err := b.finder.Run(b.ctx, b.now.Add(48*time.Hour)); err != nil || n != 0 {
		t.Fatalf("a second run in the month enqueued %d, %v", n, err)
	}
	if n, err := b.finder.Run(b.ctx, b.now.AddDate(0, 1, 0)); err != nil || n != 1 {
		t.Fatalf("next month's run enqueued %d, %v", n, err)
	}
}
