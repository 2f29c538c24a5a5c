package value

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// shanghai is the teams' zone in the tests; fixed so no tzdata is needed.
var shanghai = time.FixedZone("CST", 8*3600)

// tonight is the run the tests make by default: 02:30 in Shanghai on
// 2027-03-15, so the 12 months are 2026-03-15 .. 2027-03-14.
var tonight = time.Date(2027, 3, 15, 2, 30, 0, 0, shanghai)

// bundle is one test's world: teams A and B, each with a manager and a
// salesperson, an admin, and a Store reading a clock the test moves (one
// chunk for all teams, unless opts say otherwise).
type bundle struct {
	ctx     context.Context
	pool    *pgxpool.Pool
	store   *Store
	clients *client.Store
	clock   *atomic.Int64 // unix nanoseconds

	teamA, teamB                      int64
	admin, managerA, salesA, managerB access.Actor
	salesB                            access.Actor
	seq                               int64 // last telegram id handed out
	names                             int   // clients created, for unique names
	origin                            int64 // last origin update handed out
}

func setup(t *testing.T, opts ...Option) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), clock: new(atomic.Int64)}
	b.clock.Store(tonight.UnixNano())
	now := func() time.Time { return time.Unix(0, b.clock.Load()) }
	b.clients = client.NewStore(b.pool, now, shanghai)
	b.store = New(b.pool, shanghai, b.clients, nil, append([]Option{WithClock(now)}, opts...)...)
	b.teamA, b.teamB = b.team(t, "A"), b.team(t, "B")
	b.admin = b.staff(t, "Admin", access.Admin, 0)
	b.managerA = b.staff(t, "王经理", access.Manager, b.teamA)
	b.salesA = b.staff(t, "张三", access.Sales, b.teamA)
	b.managerB = b.staff(t, "赵经理", access.Manager, b.teamB)
	b.salesB = b.staff(t, "孙七", access.Sales, b.teamB)
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

func (b *bundle) staff(t *testing.T, name string, role access.Role, teamID int64) access.Actor {
	t.Helper()
	var team *int64
	if teamID != 0 {
		team = &teamID
	}
	b.seq++
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		VALUES ($1, $1, $2, $3, $4) RETURNING id`, 1000+b.seq, name, role, team).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return access.Actor{StaffID: id, Role: role, TeamID: teamID}
}

// spec is a client to create; zero fields take defaults: team A, owned by
// salesA, normal, created 2025-01-01 (before the 12 months).
type spec struct {
	team    int64
	tier    string
	created time.Time
}

func (b *bundle) client(t *testing.T, s spec) int64 {
	t.Helper()
	owner := b.salesA.StaffID
	if s.team == b.teamB {
		owner = b.salesB.StaffID
	}
	if s.team == 0 {
		s.team = b.teamA
	}
	if s.tier == "" {
		s.tier = "normal"
	}
	if s.created.IsZero() {
		s.created = time.Date(2025, 1, 1, 10, 0, 0, 0, shanghai)
	}
	b.names++
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO clients (team_id, owner_id, name, tier, created_at, updated_at)
		VALUES ($1, $2, 'Client ' || $3::int, $4, $5, $5) RETURNING id`, s.team, owner, b.names, s.tier, s.created).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// deal records a deal of amount (decimal text) on day.
func (b *bundle) deal(t *testing.T, clientID int64, day time.Time, amount string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO deals (client_id, deal_on, amount, created_at)
		VALUES ($1, $2, $3::numeric, now()) RETURNING id`, clientID, day, amount).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := b.pool.Exec(b.ctx, sql, args...); err != nil {
		t.Fatal(err)
	}
}

// run runs the job as of at, with the clock at at.
func (b *bundle) run(t *testing.T, at time.Time) {
	t.Helper()
	b.clock.Store(at.UnixNano())
	n, err := b.store.Run(b.ctx, at)
	if err != nil {
		t.Fatalf("Run(%s): %v", at, err)
	}
	if n != 0 {
		t.Fatalf("Run(%s) enqueued %d messages, want 0", at, n)
	}
}

// values reads every stored value, by client.
func (b *bundle) values(t *testing.T) map[int64]Value {
	t.Helper()
	rows, err := b.pool.Query(b.ctx, `SELECT v.client_id, v.team_id, v.abc, v.r, v.f, v.m, v.amount_12m::text AS amount_12m,
		v.deals_12m, v.last_deal_on, r.computed_on, v.changed_on
		FROM client_values v JOIN value_runs r ON r.team_id = v.team_id`)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Value])
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]Value{}
	for _, v := range vs {
		out[v.ClientID] = v
	}
	return out
}

// suggestions reads every suggestion of a client, oldest first.
func (b *bundle) suggestions(t *testing.T, clientID int64) []Suggestion {
	t.Helper()
	rows, err := b.pool.Query(b.ctx, suggestionSelect+` WHERE t.client_id = $1 ORDER BY t.id`, clientID)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Suggestion])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// list returns the ids of the clients on the whole of a team's review list,
// as its manager reads it, in order.
func (b *bundle) list(t *testing.T, actor access.Actor, teamID int64) []int64 {
	t.Helper()
	var ids []int64
	for page := 0; ; page++ {
		p, err := b.store.List(b.ctx, actor, teamID, page)
		if err != nil {
			t.Fatalf("List page %d: %v", page, err)
		}
		for _, s := range p.Items {
			ids = append(ids, s.ClientID)
		}
		if !p.More {
			if len(ids) != p.Total {
				t.Fatalf("List: %d items on the pages, Total %d", len(ids), p.Total)
			}
			return ids
		}
	}
}

// nextOrigin is a fresh Telegram update id.
func (b *bundle) nextOrigin() int64 {
	b.origin++
	return 9000 + b.origin
}

// clientTier is the patch that sets a tier, as the chat's edit sends it.
func clientTier(tier string) client.Patch { return client.Patch{Field: "tier", Value: tier} }

// date is a calendar day as a DATE column holds it.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// in12m is a day inside tonight's 12 months.
var in12m = date(2026, 9, 1)
