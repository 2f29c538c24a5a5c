package feedback

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// shanghai is the teams' zone in the tests; fixed so no tzdata is needed.
var shanghai = time.FixedZone("CST", 8*3600)

// bundle is one test's world: two teams, their people and clients, a store
// on a clock the test can move.
type bundle struct {
	ctx   context.Context
	pool  *pgxpool.Pool
	store *Store
	clock *atomic.Int64 // unix nanoseconds

	admin, managerA, ownerA, mateA, inactiveA, salesB access.Actor
	clientA, orphanA, clientB                         int64 // orphanA has no owner
	seq                                               int64 // last telegram id handed out
}

// setup builds the bundle with the clock at 2027-03-10 10:00 in Shanghai.
func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), clock: new(atomic.Int64)}
	b.setNow(time.Date(2027, 3, 10, 10, 0, 0, 0, shanghai))
	b.store = NewStore(b.pool, func() time.Time { return time.Unix(0, b.clock.Load()) }, shanghai)

	teamA, teamB := b.team(t, "A"), b.team(t, "B")
	b.admin = b.staff(t, access.Admin, 0, true)
	b.managerA = b.staff(t, access.Manager, teamA, true)
	b.ownerA = b.staff(t, access.Sales, teamA, true)
	b.mateA = b.staff(t, access.Sales, teamA, true)
	b.inactiveA = b.staff(t, access.Sales, teamA, false)
	b.salesB = b.staff(t, access.Sales, teamB, true)
	b.clientA = b.client(t, teamA, b.ownerA.StaffID, "华东机械")
	b.orphanA = b.client(t, teamA, 0, "无主客户")
	b.clientB = b.client(t, teamB, b.salesB.StaffID, "北方金融")
	return b
}

func (b *bundle) setNow(t time.Time) { b.clock.Store(t.UnixNano()) }

// today is the bundle's current day in Shanghai as a date.
func (b *bundle) today() time.Time { return b.store.today() }

func (b *bundle) team(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO teams (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) staff(t *testing.T, role access.Role, teamID int64, active bool) access.Actor {
	t.Helper()
	var team *int64
	if teamID != 0 {
		team = &teamID
	}
	b.seq++
	tg := 1000 + b.seq
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id, active)
		VALUES ($1, $1, $2, $3, $4, $5) RETURNING id`, tg, fmt.Sprintf("%s-%d", role, tg), role, team, active).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return access.Actor{StaffID: id, Role: role, TeamID: teamID}
}

func (b *bundle) client(t *testing.T, teamID, ownerID int64, name string) int64 {
	t.Helper()
	var owner *int64
	if ownerID != 0 {
		owner = &ownerID
	}
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO clients (team_id, owner_id, name, created_at, updated_at)
		VALUES ($1, $2, $3, now(), now()) RETURNING id`, teamID, owner, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// create registers feedback that must succeed.
func (b *bundle) create(t *testing.T, actor access.Actor, d Draft) Feedback {
	t.Helper()
	if d.Kind == "" {
		d.Kind = Complaint
	}
	if d.Severity == "" {
		d.Severity = Medium
	}
	if d.Body == "" {
		d.Body = "交货延迟两周"
	}
	f, created, err := b.store.Create(b.ctx, actor, d, 0)
	if err != nil || !created {
		t.Fatalf("Create(%+v) = created %v, %v", d, created, err)
	}
	return f
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }
