package staff

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

const testTTL = 7 * 24 * time.Hour

// clock is a settable time source for the store under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// bundle is what most tests need: a store on a fresh schema, its clock, two
// teams and a member of every role.
type bundle struct {
	ctx    context.Context
	db     *pgxpool.Pool
	store  *Store
	clock  *clock
	teamA  Team
	teamB  Team
	admin  Member // no team
	mgrA   Member
	salesA Member
	mgrB   Member
	salesB Member
	nextTG int64
}

func setup(t *testing.T) *bundle {
	t.Helper()
	db := pgtest.New(t)
	c := &clock{t: time.Date(2027, 2, 6, 9, 0, 0, 0, time.UTC)}
	b := &bundle{ctx: context.Background(), db: db, store: NewStore(db, c.Now, testTTL), clock: c, nextTG: 1000}
	b.teamA = b.team(t, "East")
	b.teamB = b.team(t, "West")
	b.admin = b.join(t, access.Admin, 0)
	b.mgrA = b.join(t, access.Manager, b.teamA.ID)
	b.salesA = b.join(t, access.Sales, b.teamA.ID)
	b.mgrB = b.join(t, access.Manager, b.teamB.ID)
	b.salesB = b.join(t, access.Sales, b.teamB.ID)
	return b
}

func (b *bundle) team(t *testing.T, name string) Team {
	t.Helper()
	tm, err := b.store.EnsureTeam(b.ctx, name)
	if err != nil {
		t.Fatalf("EnsureTeam(%q): %v", name, err)
	}
	return tm
}

// invite creates an operator invite and returns its code.
func (b *bundle) invite(t *testing.T, role access.Role, teamID int64) string {
	t.Helper()
	code, _, err := b.store.CreateInvite(b.ctx, nil, role, teamID)
	if err != nil {
		t.Fatalf("CreateInvite(%s, %d): %v", role, teamID, err)
	}
	return code
}

// user returns a Telegram user never seen before.
func (b *bundle) user(name string) TelegramUser {
	b.nextTG++
	return TelegramUser{ID: b.nextTG, Name: name, Username: name, LanguageCode: "zh-hans"}
}

// join makes a new active member of the role and team through an invite.
func (b *bundle) join(t *testing.T, role access.Role, teamID int64) Member {
	t.Helper()
	m, err := b.store.Redeem(b.ctx, b.invite(t, role, teamID), b.user(string(role)))
	if err != nil {
		t.Fatalf("Redeem(%s, %d): %v", role, teamID, err)
	}
	return m
}

// auditCount counts audit entries for an entity and action.
func (b *bundle) auditCount(t *testing.T, entity string, id int64, action string) int {
	t.Helper()
	var n int
	if err := b.db.QueryRow(b.ctx, `SELECT count(*) FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action = $3`,
		entity, id, action).Scan(&n); err != nil {
		t.Fatalf("count audit: %v", err)
	}
	return n
}
