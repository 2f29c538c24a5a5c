package greeting

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// clock is the settable time source of the store under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// bundle is one test's ledger: team East with an English-speaking manager,
// a Chinese-speaking manager, an inactive manager and two salespeople (one
// zh, one en); team West with a manager; an admin. Staff chat ids are 100 +
// the staff id. The clock stands on 2027-01-20 10:00 in Shanghai.
type bundle struct {
	ctx          context.Context
	pool         *pgxpool.Pool
	store        *Store
	clock        *clock
	east, west   int64
	admin        access.Actor
	mgrEN, mgrZH access.Actor // East's managers
	mgrOld       int64        // East's deactivated manager
	mgrWest      access.Actor
	salesZH      access.Actor // 王销售, East
	salesEN      access.Actor // Sam Sales, East
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), clock: &clock{t: time.Date(2027, 1, 20, 10, 0, 0, 0, shanghai)}}
	b.store = NewStore(b.pool, b.clock.Now, shanghai, nil)
	b.east = b.team(t, "East")
	b.west = b.team(t, "West")
	b.admin = b.staff(t, "Ada Admin", access.Admin, 0, "en", true)
	b.mgrEN = b.staff(t, "Mia Manager", access.Manager, b.east, "en", true)
	b.mgrZH = b.staff(t, "张经理", access.Manager, b.east, "zh", true)
	b.mgrOld = b.staff(t, "Old Manager", access.Manager, b.east, "zh", false).StaffID
	b.mgrWest = b.staff(t, "West Manager", access.Manager, b.west, "en", true)
	b.salesZH = b.staff(t, "王销售", access.Sales, b.east, "zh", true)
	b.salesEN = b.staff(t, "Sam Sales", access.Sales, b.east, "en", true)
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

func (b *bundle) staff(t *testing.T, name string, role access.Role, team int64, lang string, active bool) access.Actor {
	t.Helper()
	var id int64
	err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id, lang, active)
		VALUES ((SELECT coalesce(max(telegram_id), 0) + 1 FROM staff), 0, $1, $2, nullif($3::bigint, 0), $4, $5)
		RETURNING id`, name, role, team, lang, active).Scan(&id)
	if err == nil {
		_, err = b.pool.Exec(b.ctx, `UPDATE staff SET chat_id = 100 + id WHERE id = $1`, id)
	}
	if err != nil {
		t.Fatal(err)
	}
	return access.Actor{StaffID: id, Role: role, TeamID: team}
}

// client inserts a client of the team; owner 0 means none.
func (b *bundle) client(t *testing.T, name string, team, owner int64, tier, stage string) int64 {
	t.Helper()
	var id int64
	err := b.pool.QueryRow(b.ctx, `INSERT INTO clients (team_id, owner_id, name, tier, stage, created_at, updated_at)
		VALUES ($1, nullif($2::bigint, 0), $3, $4, $5, now(), now()) RETURNING id`, team, owner, name, tier, stage).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// contact describes a contact to insert.
type contact struct {
	name, position string
	birthday       string // YYYY-MM-DD or ""
	chat           int64  // a subscribed chat, 0 for none
	lang           string // "" for unknown
	optIn          bool
}

func (b *bundle) contact(t *testing.T, clientID int64, c contact) int64 {
	t.Helper()
	var bd *time.Time
	if c.birthday != "" {
		d, err := time.Parse(time.DateOnly, c.birthday)
		if err != nil {
			t.Fatal(err)
		}
		bd = &d
	}
	var id int64
	err := b.pool.QueryRow(b.ctx, `INSERT INTO contacts (client_id, name, position, birthday, chat_id, lang,
			greeting_opt_in, created_at, updated_at)
		VALUES ($1, $2, $3, $4, nullif($5::bigint, 0), nullif($6, ''), $7, now(), now()) RETURNING id`,
		clientID, c.name, c.position, bd, c.chat, c.lang, c.optIn).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// row is one enqueued outbox message.
type row struct {
	Key       string `db:"dedup_key"`
	ChatID    int64  `db:"chat_id"`
	StaffID   int64  `db:"staff_id"`
	ContactID int64  `db:"contact_id"`
	Kind      string `db:"kind"`
	Text      string `db:"text"`
}

// outbox returns every enqueued message by key.
func (b *bundle) outbox(t *testing.T) map[string]row {
	t.Helper()
	rows, err := b.pool.Query(b.ctx, `SELECT dedup_key, chat_id, coalesce(staff_id, 0) AS staff_id,
		coalesce(contact_id, 0) AS contact_id, kind, text FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[row])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]row{}
	for _, r := range rs {
		out[r.Key] = r
	}
	return out
}

// keys lists the outbox's keys in order.
func keys(m map[string]row) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, "\n")
}

// run runs the job at the instant and fails the test on error.
func (b *bundle) run(t *testing.T, at time.Time) int {
	t.Helper()
	n, err := b.store.Run(b.ctx, at)
	if err != nil {
		t.Fatalf("Run(%v): %v", at, err)
	}
	return n
}

func at(date string, hour, minute int) time.Time {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, shanghai)
}

func has(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("text does not contain %q:\n%s", p, text)
		}
	}
}

func hasNot(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(text, p) {
			t.Errorf("text contains %q but must not:\n%s", p, text)
		}
	}
}
