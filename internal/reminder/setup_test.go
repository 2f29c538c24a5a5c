package reminder

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// shanghai is the teams' zone in the tests; fixed so no tzdata is needed.
var shanghai = time.FixedZone("CST", 8*3600)

// bundle is one test's ledger: team A with two managers (zh, en), a zh and
// an en salesperson and one who left; team B with a manager and a
// salesperson.
type bundle struct {
	ctx  context.Context
	pool *pgxpool.Pool
	r    *Reminder
	seq  int64

	teamA, teamB                  int64
	mgrA, mgrAEn, ownerA, ownerEn staffRow
	leftA, mgrB, salesB           staffRow
}

// staffRow is a test's staff member.
type staffRow struct {
	ID     int64
	ChatID int64
	Name   string
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t)}
	b.r = New(b.pool, shanghai, map[string]int{"key": 60}, 0, nil)
	b.teamA, b.teamB = b.team(t, "华东"), b.team(t, "华北")
	b.mgrA = b.staff(t, "王经理", "manager", b.teamA, "zh", true)
	b.mgrAEn = b.staff(t, "Mary", "manager", b.teamA, "en", true)
	b.ownerA = b.staff(t, "李销售", "sales", b.teamA, "zh", true)
	b.ownerEn = b.staff(t, "Tom <T>", "sales", b.teamA, "en", true)
	b.leftA = b.staff(t, "离职员工", "sales", b.teamA, "zh", false)
	b.mgrB = b.staff(t, "赵经理", "manager", b.teamB, "zh", true)
	b.salesB = b.staff(t, "钱销售", "sales", b.teamB, "zh", true)
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

func (b *bundle) staff(t *testing.T, name, role string, team int64, lang string, active bool) staffRow {
	t.Helper()
	b.seq++
	s := staffRow{ChatID: 5000 + b.seq, Name: name}
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id, lang, active)
		VALUES ($1, $1, $2, $3, $4, $5, $6) RETURNING id`, s.ChatID, name, role, team, lang, active).Scan(&s.ID); err != nil {
		t.Fatal(err)
	}
	return s
}

// clientSpec is a client as a test needs it.
type clientSpec struct {
	team, owner int64 // owner 0: none
	name, tier  string
	stage       string // "" = active
	review      string // next_review_on, "" = none
	lastContact *time.Time
}

func (b *bundle) client(t *testing.T, c clientSpec) int64 {
	t.Helper()
	if c.tier == "" {
		c.tier = "normal"
	}
	if c.stage == "" {
		c.stage = "active"
	}
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO clients (team_id, owner_id, name, tier, stage, next_review_on,
			last_contact_at, created_at, updated_at)
		VALUES ($1, nullif($2, 0), $3, $4, $5, nullif($6, '')::date, $7, now(), now()) RETURNING id`,
		c.team, c.owner, c.name, c.tier, c.stage, c.review, c.lastContact).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// visit records a visit with a follow-up date ("" = none).
func (b *bundle) visit(t *testing.T, client, author int64, kind string, at time.Time, followUp string, done bool, notes string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO visits (client_id, author_id, kind, notes, visited_at, follow_up_on,
			follow_up_done, created_at)
		VALUES ($1, $2, $3, $4, $5, nullif($6, '')::date, $7, $5) RETURNING id`,
		client, author, kind, notes, at, followUp, done).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// feedback registers feedback due on a day.
func (b *bundle) feedback(t *testing.T, client, assignee int64, kind, severity, status, due, body string) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body,
			status, due_on, created_at, updated_at, resolved_at)
		VALUES ($1, $2, $2, $3, $4, $5, $6, $7::date, now(), now(), CASE WHEN $6 = 'resolved' THEN now() END)
		RETURNING id`, client, assignee, kind, severity, body, status, due).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// sent is one outbox row as the tests compare it.
type sent struct {
	Key     string            `db:"dedup_key"`
	ChatID  int64             `db:"chat_id"`
	StaffID int64             `db:"staff_id"`
	Kind    string            `db:"kind"`
	Text    string            `db:"text"`
	Buttons [][]outbox.Button `db:"buttons"`
}

// outbox returns the rows enqueued so far, in order.
func (b *bundle) outbox(t *testing.T) []sent {
	t.Helper()
	rows, err := b.pool.Query(b.ctx, `SELECT dedup_key, chat_id, coalesce(staff_id, 0) AS staff_id, kind, text,
		coalesce(buttons, '[]') AS buttons FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[sent])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// keys lists the dedup keys of rows.
func keys(rows []sent) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Key
	}
	return out
}

// buttons writes a keyboard compactly for comparisons.
func buttons(kb [][]outbox.Button) string {
	s, _ := json.Marshal(kb)
	return string(s)
}

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, shanghai)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// run calls a job and fails the test on error.
func run(t *testing.T, job func(context.Context, time.Time) (int, error), when time.Time) int {
	t.Helper()
	n, err := job(context.Background(), when)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
