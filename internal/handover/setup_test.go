package handover_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/handover"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// bundle is one test's ledger: team East (two managers, two salespeople),
// team West (a manager and a salesperson), an admin without a team; the
// clock stands at 2026-11-23 10:00 in Shanghai.
type bundle struct {
	ctx                 context.Context
	db                  *pgxpool.Pool
	store               *handover.Store
	clients             *client.Store
	now                 time.Time
	east, west          int64
	admin, mgr, mgr2    access.Actor
	sales, sales2, mgrW access.Actor
	salesW              access.Actor
}

func setup(t *testing.T) *bundle {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle{ctx: context.Background(), db: pgtest.New(t), now: time.Date(2026, 11, 23, 10, 0, 0, 0, loc)}
	now := func() time.Time { return b.now }
	b.store = handover.New(b.db, staff.NewStore(b.db, now, time.Hour), now)
	b.clients = client.NewStore(b.db, now, loc)
	b.east, b.west = b.team(t, "East"), b.team(t, "West")
	b.admin = b.member(t, "Admin", access.Admin, 0)
	b.mgr = b.member(t, "Mgr", access.Manager, b.east)
	b.mgr2 = b.member(t, "Mgr2", access.Manager, b.east)
	b.sales = b.member(t, "Sales", access.Sales, b.east)
	b.sales2 = b.member(t, "Sales2", access.Sales, b.east)
	b.mgrW = b.member(t, "MgrW", access.Manager, b.west)
	b.salesW = b.member(t, "SalesW", access.Sales, b.west)
	return b
}

func (b *bundle) team(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	if err := b.db.QueryRow(b.ctx, `INSERT INTO teams (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) member(t *testing.T, name string, role access.Role, team int64) access.Actor {
	t.Helper()
	var id int64
	var teamID *int64
	if team != 0 {
		teamID = &team
	}
	err := b.db.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		VALUES ((SELECT coalesce(max(telegram_id), 0) + 1 FROM staff), (SELECT coalesce(max(telegram_id), 0) + 1 FROM staff), $1, $2, $3)
		RETURNING id`, name, role, teamID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return access.Actor{StaffID: id, Role: role, TeamID: team}
}

// client creates a client owned by owner with an open complaint assigned to
// the owner, a visit by the owner with an open follow-up, a review reminder
// row for the owner and an open churn episode whose win-back is the owner's.
func (b *bundle) client(t *testing.T, owner access.Actor, name string) int64 {
	t.Helper()
	c, _, err := b.clients.Create(b.ctx, owner, client.Draft{Name: name, Contact: &client.ContactDraft{Name: "张伟", Phone: "13800138000"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	b.exec(t, `UPDATE clients SET next_review_on = '2026-11-20' WHERE id = $1`, c.ID)
	b.exec(t, `INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, due_on, created_at, updated_at)
		VALUES ($1, $2, $2, 'complaint', 'high', 'late delivery', '2026-11-25', now(), now())`, c.ID, owner.StaffID)
	b.exec(t, `INSERT INTO visits (client_id, author_id, kind, visited_at, follow_up_on, created_at)
		VALUES ($1, $2, 'onsite', now(), '2026-11-24', now())`, c.ID, owner.StaffID)
	b.exec(t, `INSERT INTO review_reminders (client_id, due_on, staff_id, reminded_on) VALUES ($1, '2026-11-20', $2, '2026-11-20')`, c.ID, owner.StaffID)
	b.exec(t, `INSERT INTO churn_episodes (client_id, team_id, started_on, reasons, winback_staff_id, created_at)
		VALUES ($1, $2, '2026-11-01', '[]', $3, now())`, c.ID, owner.TeamID, owner.StaffID)
	return c.ID
}

func (b *bundle) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := b.db.Exec(b.ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (b *bundle) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := b.db.QueryRow(b.ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// holder reports who holds each of client id's items: owner, feedback
// assignee, follow-up holder, win-back holder, review reminder staff.
func (b *bundle) holders(t *testing.T, id int64) [5]int64 {
	t.Helper()
	var h [5]int64
	err := b.db.QueryRow(b.ctx, `SELECT
		(SELECT owner_id FROM clients WHERE id = $1),
		(SELECT assignee_id FROM feedback WHERE client_id = $1),
		(SELECT coalesce(follow_up_by, author_id) FROM visits WHERE client_id = $1),
		(SELECT winback_staff_id FROM churn_episodes WHERE client_id = $1),
		(SELECT staff_id FROM review_reminders WHERE client_id = $1)`, id).Scan(&h[0], &h[1], &h[2], &h[3], &h[4])
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func all(id int64) [5]int64 { return [5]int64{id, id, id, id, id} }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
