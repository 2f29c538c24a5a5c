package visit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// shanghai is the teams' time zone in these tests.
var shanghai = time.FixedZone("CST", 8*3600)

// clock is a settable clock for the Store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// bundle is a migrated schema with two teams: in team A a salesperson, a
// teammate, a manager and a sleeping client owned by the salesperson; in
// team B a salesperson; and an admin.
type bundle struct {
	ctx    context.Context
	pool   *pgxpool.Pool
	clock  *clock
	store  *Store
	teamA  int64
	client int64 // team A, owned by sales, stage sleeping

	sales, mate, manager, outsider, admin access.Actor
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t)}
	// Monday 23 November 2026, 10:00 in Shanghai.
	b.clock = &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, shanghai)}
	b.store = NewStore(b.pool, b.clock.now, shanghai)
	b.teamA = b.insertTeam(t, "Team A")
	teamB := b.insertTeam(t, "Team B")
	b.sales = b.insertStaff(t, "Li Lei", access.Sales, b.teamA)
	b.mate = b.insertStaff(t, "Han Meimei", access.Sales, b.teamA)
	b.manager = b.insertStaff(t, "Wang Jingli", access.Manager, b.teamA)
	b.outsider = b.insertStaff(t, "Zhao Qi", access.Sales, teamB)
	b.admin = b.insertStaff(t, "Admin", access.Admin, 0)
	b.client = b.insertClient(t, b.teamA, b.sales.StaffID, "华信科技", "sleeping")
	return b
}

func (b *bundle) insertTeam(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO teams (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
		t.Fatalf("insert team: %v", err)
	}
	return id
}

func (b *bundle) insertStaff(t *testing.T, name string, role access.Role, team int64) access.Actor {
	t.Helper()
	var teamID *int64
	if team != 0 {
		teamID = &team
	}
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		VALUES ((SELECT coalesce(max(telegram_id), 1000) + 1 FROM staff), 0, $1, $2, $3) RETURNING id`,
		name, string(role), teamID).Scan(&id); err != nil {
		t.Fatalf("insert staff: %v", err)
	}
	return access.Actor{StaffID: id, Role: role, TeamID: team}
}

func (b *bundle) insertClient(t *testing.T, team, owner int64, name, stage string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO clients (team_id, owner_id, name, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, team, owner, name, stage, b.clock.now().AddDate(0, -6, 0)).Scan(&id); err != nil {
		t.Fatalf("insert client: %v", err)
	}
	return id
}

// log logs a visit that must succeed.
func (b *bundle) log(t *testing.T, actor access.Actor, d Draft) Visit {
	t.Helper()
	v, _, err := b.store.Log(b.ctx, actor, d, 0)
	if err != nil {
		t.Fatalf("log visit %+v: %v", d, err)
	}
	return v
}

func ptr[T any](v T) *T { return &v }
