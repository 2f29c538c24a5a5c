package digest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// shanghai is the teams' zone in the tests; fixed so no tzdata is needed.
var shanghai = time.FixedZone("CST", 8*3600)

// bundle is one test's world: a migrated schema and the job on it.
type bundle struct {
	ctx    context.Context
	pool   *pgxpool.Pool
	digest *Digest
	seq    int64 // last telegram id handed out
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t)}
	b.digest = New(b.pool, shanghai, nil)
	return b
}

// sh is a wall-clock instant in Shanghai.
func sh(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, shanghai)
}

// date is a calendar day as a DATE column carries it.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (b *bundle) exec(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, sql+` RETURNING id`, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (b *bundle) team(t *testing.T, name string) int64 {
	t.Helper()
	return b.exec(t, `INSERT INTO teams (name) VALUES ($1)`, name)
}

// person adds a staff member; chat id = telegram id, handed out in order.
func (b *bundle) person(t *testing.T, role string, teamID int64, name, lang string, active bool) int64 {
	t.Helper()
	b.seq++
	return b.exec(t, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id, lang, active)
		VALUES ($1, $1, $2, $3, $4, $5, $6)`, 5000+b.seq, name, role, teamID, lang, active)
}

// chatOf is a staff member's chat id.
func (b *bundle) chatOf(t *testing.T, staffID int64) int64 {
	t.Helper()
	var chat int64
	if err := b.pool.QueryRow(b.ctx, `SELECT chat_id FROM staff WHERE id = $1`, staffID).Scan(&chat); err != nil {
		t.Fatal(err)
	}
	return chat
}

func (b *bundle) client(t *testing.T, teamID, ownerID int64, name, tier string, created time.Time) int64 {
	t.Helper()
	return b.exec(t, `INSERT INTO clients (team_id, owner_id, name, tier, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)`, teamID, ownerID, name, tier, created)
}

func (b *bundle) visit(t *testing.T, clientID, authorID int64, at time.Time) {
	t.Helper()
	b.exec(t, `INSERT INTO visits (client_id, author_id, kind, visited_at, created_at)
		VALUES ($1, $2, 'onsite', $3, $3)`, clientID, authorID, at)
}

// feedback registers a complaint created at created, due on due, resolved at
// resolved unless that is zero.
func (b *bundle) feedback(t *testing.T, clientID, authorID int64, created, due, resolved time.Time) {
	t.Helper()
	status, res := "open", &resolved
	if resolved.IsZero() {
		res = nil
	} else {
		status = "resolved"
	}
	b.exec(t, `INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, status, due_on,
		created_at, updated_at, resolved_at) VALUES ($1, $2, $2, 'complaint', 'medium', '交货延迟', $3, $4, $5, $5, $6)`,
		clientID, authorID, status, due, created, res)
}

// episode opens (ended zero) or records a churn episode with raw reasons.
func (b *bundle) episode(t *testing.T, clientID, teamID int64, started, ended time.Time, reasons string) {
	t.Helper()
	var (
		end *time.Time
		why *string
	)
	if !ended.IsZero() {
		end, why = &ended, new("no_risk")
	}
	b.exec(t, `INSERT INTO churn_episodes (client_id, team_id, started_on, ended_on, end_reason, reasons, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, now())`, clientID, teamID, started, end, why, reasons)
}

// sent is one outbox row as the tests read it back.
type sent struct {
	Key    string
	ChatID int64
	Staff  int64
	Kind   string
	Text   string
	Photo  []byte
}

// outboxRows returns every outbox row, by key.
func (b *bundle) outboxRows(t *testing.T) map[string]sent {
	t.Helper()
	rows, err := b.pool.Query(b.ctx, `SELECT dedup_key, chat_id, coalesce(staff_id, 0), kind, text, photo FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]sent{}
	for rows.Next() {
		var s sent
		if err := rows.Scan(&s.Key, &s.ChatID, &s.Staff, &s.Kind, &s.Text, &s.Photo); err != nil {
			t.Fatal(err)
		}
		out[s.Key] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
