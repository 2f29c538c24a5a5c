package churn

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// shanghai is the teams' zone in the tests; fixed so no tzdata is needed.
var shanghai = time.FixedZone("CST", 8*3600)

// bundle is one test's world: team A with two managers (zh and en), an
// owner and an inactive salesperson; team B with a manager and a
// salesperson; an admin; a scanner reading a clock the test moves, with
// chunks of two clients so every scan crosses chunk boundaries.
type bundle struct {
	ctx     context.Context
	pool    *pgxpool.Pool
	scanner *Scanner
	visits  *visit.Store
	clock   *atomic.Int64 // unix nanoseconds

	teamA, teamB                                   int64
	admin, managerZh, managerEn, ownerA, inactiveA access.Actor
	managerB, salesB                               access.Actor
	seq                                            int64 // last telegram id handed out
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), clock: new(atomic.Int64)}
	b.setNow(time.Date(2027, 1, 1, 9, 0, 0, 0, shanghai))
	now := func() time.Time { return time.Unix(0, b.clock.Load()) }
	b.scanner = NewScanner(b.pool, shanghai, DefaultThresholds(), nil, WithClock(now), WithChunk(2))
	b.visits = visit.NewStore(b.pool, now, shanghai)

	b.teamA, b.teamB = b.team(t, "A"), b.team(t, "B")
	b.admin = b.staff(t, "Admin", access.Admin, 0, "en", true)
	b.managerZh = b.staff(t, "王经理", access.Manager, b.teamA, "zh", true)
	b.managerEn = b.staff(t, "Manager Li", access.Manager, b.teamA, "en", true)
	b.ownerA = b.staff(t, "张三", access.Sales, b.teamA, "zh", true)
	b.inactiveA = b.staff(t, "离职", access.Sales, b.teamA, "zh", false)
	b.managerB = b.staff(t, "赵经理", access.Manager, b.teamB, "zh", true)
	b.salesB = b.staff(t, "孙七", access.Sales, b.teamB, "zh", true)
	return b
}

func (b *bundle) setNow(t time.Time) { b.clock.Store(t.UnixNano()) }

// day is 08:00 in Shanghai, the churn scan's hour, n days after 2027-01-01.
func day(n int) time.Time { return time.Date(2027, 1, 1+n, 8, 0, 0, 0, shanghai) }

// date is a calendar day as a DATE column holds it.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (b *bundle) team(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO teams (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) staff(t *testing.T, name string, role access.Role, teamID int64, lang string, active bool) access.Actor {
	t.Helper()
	var team *int64
	if teamID != 0 {
		team = &teamID
	}
	b.seq++
	tg := 1000 + b.seq
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id, lang, active)
		VALUES ($1, $1, $2, $3, $4, $5, $6) RETURNING id`, tg, name, role, team, lang, active).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return access.Actor{StaffID: id, Role: role, TeamID: teamID}
}

// spec describes a client to create; zero fields take defaults (team A,
// owned by ownerA, key, active, created 2026-01-01, never contacted).
type spec struct {
	team, owner int64
	name        string
	tier, stage string
	created     time.Time
	contact     *time.Time
}

func (b *bundle) client(t *testing.T, s spec) int64 {
	t.Helper()
	if s.team == 0 {
		s.team, s.owner = b.teamA, b.ownerA.StaffID
	}
	if s.name == "" {
		s.name = "华东机械"
	}
	if s.tier == "" {
		s.tier = "key"
	}
	if s.stage == "" {
		s.stage = StageActive
	}
	if s.created.IsZero() {
		s.created = time.Date(2026, 1, 1, 10, 0, 0, 0, shanghai)
	}
	var owner *int64
	if s.owner != 0 {
		owner = &s.owner
	}
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO clients (team_id, owner_id, name, tier, stage, created_at, updated_at, last_contact_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id`, s.team, owner, s.name, s.tier, s.stage, s.created, s.contact).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// pastVisit records a visit at at without touching the client, to build
// activity history; the test sets last_contact_at itself where it matters.
func (b *bundle) pastVisit(t *testing.T, clientID int64, at time.Time) {
	t.Helper()
	b.exec(t, `INSERT INTO visits (client_id, author_id, kind, visited_at, created_at) VALUES ($1, $2, 'onsite', $3, $3)`,
		clientID, b.ownerA.StaffID, at)
}

func (b *bundle) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := b.pool.Exec(b.ctx, sql, args...); err != nil {
		t.Fatal(err)
	}
}

// run runs the scan as of at and returns how many messages it enqueued.
func (b *bundle) run(t *testing.T, at time.Time) int {
	t.Helper()
	b.setNow(at)
	n, err := b.scanner.Run(b.ctx, at)
	if err != nil {
		t.Fatalf("Run(%s): %v", at, err)
	}
	return n
}

// sent is one outbox row, as the tests compare it.
type sent struct {
	Key     string            `db:"dedup_key"`
	ChatID  int64             `db:"chat_id"`
	StaffID int64             `db:"staff_id"`
	Kind    string            `db:"kind"`
	Text    string            `db:"text"`
	Buttons [][]outbox.Button `db:"buttons"`
}

// outbox returns the messages of kind, by key.
func (b *bundle) outbox(t *testing.T, kind string) []sent {
	t.Helper()
	rows, err := b.pool.Query(b.ctx, `SELECT dedup_key, chat_id, coalesce(staff_id, 0) AS staff_id, kind, text, buttons
		FROM outbox WHERE kind = $1 ORDER BY dedup_key`, kind)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[sent])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// episodes returns a client's episodes, oldest first.
func (b *bundle) episodes(t *testing.T, clientID int64) []Episode {
	t.Helper()
	out, err := listEpisodes(b.ctx, b.pool, selectEpisode+` WHERE e.client_id = $1 ORDER BY e.id`, clientID)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// onlyEpisode returns the client's one episode, failing otherwise.
func (b *bundle) onlyEpisode(t *testing.T, clientID int64) Episode {
	t.Helper()
	es := b.episodes(t, clientID)
	if len(es) != 1 {
		t.Fatalf("client %d has %d episodes, want 1: %+v", clientID, len(es), es)
	}
	return es[0]
}

// checkReasons compares the episode's stored reasons with want, as JSON
// values (jsonb keeps its own key order).
func (b *bundle) checkReasons(t *testing.T, episodeID int64, want string) {
	t.Helper()
	var got string
	if err := b.pool.QueryRow(b.ctx, `SELECT reasons::text FROM churn_episodes WHERE id = $1`, episodeID).Scan(&got); err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("episode %d reasons = %s, want %s", episodeID, got, want)
	}
}

func (b *bundle) stage(t *testing.T, clientID int64) string {
	t.Helper()
	var s string
	if err := b.pool.QueryRow(b.ctx, `SELECT stage FROM clients WHERE id = $1`, clientID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func ptr[T any](v T) *T { return &v }

func key(kind string, episodeID, staffID int64) string {
	return fmt.Sprintf("%s:%d:staff:%d", kind, episodeID, staffID)
}
