package client

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// bundle is one test's ledger: two teams, A (a manager and two salespeople)
// and B (one salesperson), an admin without a team, and a store whose clock
// stands at 2026-03-10 10:00 in Shanghai.
type bundle struct {
	ctx                    context.Context
	pool                   *pgxpool.Pool
	store                  *Store
	now                    time.Time
	teamA, teamB           int64
	admin, mgrA            access.Actor
	salesA, salesA2, sales access.Actor // sales is team B's salesperson
}

func setup(t *testing.T) *bundle {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), now: time.Date(2026, 3, 10, 10, 0, 0, 0, loc)}
	b.store = NewStore(b.pool, func() time.Time { return b.now }, loc)
	b.teamA = b.team(t, "East")
	b.teamB = b.team(t, "West")
	b.admin = access.Actor{StaffID: b.staff(t, "Admin", access.Admin, 0), Role: access.Admin}
	b.mgrA = access.Actor{StaffID: b.staff(t, "Manager A", access.Manager, b.teamA), Role: access.Manager, TeamID: b.teamA}
	b.salesA = access.Actor{StaffID: b.staff(t, "Sales A", access.Sales, b.teamA), Role: access.Sales, TeamID: b.teamA}
	b.salesA2 = access.Actor{StaffID: b.staff(t, "Sales A2", access.Sales, b.teamA), Role: access.Sales, TeamID: b.teamA}
	b.sales = access.Actor{StaffID: b.staff(t, "Sales B", access.Sales, b.teamB), Role: access.Sales, TeamID: b.teamB}
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

func (b *bundle) staff(t *testing.T, name string, role access.Role, team int64) int64 {
	t.Helper()
	var id int64
	var teamID *int64
	if team != 0 {
		teamID = &team
	}
	err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		VALUES ((SELECT coalesce(max(telegram_id), 0) + 1 FROM staff), 1, $1, $2, $3) RETURNING id`,
		name, role, teamID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// create makes a client as actor or fails the test.
func (b *bundle) create(t *testing.T, actor access.Actor, d Draft) Client {
	t.Helper()
	c, created, err := b.store.Create(b.ctx, actor, d, 0)
	if err != nil || !created {
		t.Fatalf("create %q: created=%v err=%v", d.Name, created, err)
	}
	return c
}

// count runs a count(*) query.
func (b *bundle) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := b.pool.QueryRow(b.ctx, sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
