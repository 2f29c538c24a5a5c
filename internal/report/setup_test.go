package report

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// shanghai is the teams' zone in the tests; fixed so no tzdata is needed.
var shanghai = time.FixedZone("CST", 8*3600)

// bundle is one test's world: a migrated schema, a clock and the Store.
type bundle struct {
	ctx   context.Context
	pool  *pgxpool.Pool
	now   time.Time
	store *Store
	seq   int64 // last telegram id handed out
}

func setup(t *testing.T, now time.Time) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), now: now}
	b.store = New(b.pool, shanghai, func() time.Time { return b.now })
	return b
}

// sh is a wall-clock instant in Shanghai.
func sh(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, shanghai)
}

// day is a calendar day as a DATE column carries it.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// may2026 is the period most tests report on; its previous period is April.
var may2026 = export.Period{From: day(2026, 5, 1), To: day(2026, 5, 31)}

func (b *bundle) id(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(b.ctx, sql+` RETURNING id`, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (b *bundle) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := b.pool.Exec(b.ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (b *bundle) team(t *testing.T, name string) int64 {
	t.Helper()
	return b.id(t, `INSERT INTO teams (name) VALUES ($1)`, name)
}

// person adds a staff member; chat id = telegram id, handed out in order.
func (b *bundle) person(t *testing.T, role access.Role, teamID int64, name, lang string, active bool) int64 {
	t.Helper()
	b.seq++
	var team *int64
	if teamID != 0 {
		team = &teamID
	}
	return b.id(t, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id, lang, active)
		VALUES ($1, $1, $2, $3, $4, $5, $6)`, 7000+b.seq, name, role, team, lang, active)
}

// client adds a client of the team owned by owner, created at created, at
// the given stage.
func (b *bundle) client(t *testing.T, teamID, owner int64, name, stage string, created time.Time) int64 {
	t.Helper()
	return b.id(t, `INSERT INTO clients (team_id, owner_id, name, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)`, teamID, owner, name, stage, created)
}

func (b *bundle) archive(t *testing.T, clientID int64, at time.Time) {
	t.Helper()
	b.exec(t, `UPDATE clients SET archived_at = $2 WHERE id = $1`, clientID, at)
}

// visit logs a visit of kind by author at at.
func (b *bundle) visit(t *testing.T, clientID, author int64, kind string, at time.Time) int64 {
	t.Helper()
	return b.id(t, `INSERT INTO visits (client_id, author_id, kind, visited_at, created_at)
		VALUES ($1, $2, $3, $4, $4)`, clientID, author, kind, at)
}

// followUp logs a visit made long before the periods (so it counts in no
// visit figure) promising a follow-up on due, answered for by by (0: the
// author), done or not.
func (b *bundle) followUp(t *testing.T, clientID, author, by int64, due time.Time, done bool) int64 {
	t.Helper()
	var who *int64
	if by != 0 {
		who = &by
	}
	at := sh(2026, 1, 5, 10, 0, 0)
	return b.id(t, `INSERT INTO visits (client_id, author_id, kind, visited_at, created_at, follow_up_on, follow_up_done, follow_up_by)
		VALUES ($1, $2, 'phone', $3, $3, $4, $5, $6)`, clientID, author, at, due, done, who)
}

// audit writes an audit entry as the domain packages do.
func (b *bundle) audit(t *testing.T, actor int64, entity string, id int64, action string, changes map[string]any, at time.Time) {
	t.Helper()
	body, err := json.Marshal(changes)
	if err != nil {
		t.Fatal(err)
	}
	var who *int64
	if actor != 0 {
		who = &actor
	}
	b.exec(t, `INSERT INTO audit_log (actor_id, entity, entity_id, action, changes, at) VALUES ($1, $2, $3, $4, $5, $6)`,
		who, entity, id, action, body, at)
}

// done records when a follow-up was marked done (answeredBy 0: by hand).
func (b *bundle) done(t *testing.T, visitID, actor, answeredBy int64, at time.Time) {
	t.Helper()
	changes := map[string]any{}
	if answeredBy != 0 {
		changes["answered_by"] = answeredBy
	}
	b.audit(t, actor, "visit", visitID, "follow_up_done", changes, at)
}

// stage records a client's stage change at at, as the churn scan audits
// it (the client's current stage is set separately, by client()).
func (b *bundle) stage(t *testing.T, clientID int64, from, to string, at time.Time) {
	t.Helper()
	b.audit(t, 0, "client", clientID, "update", map[string]any{
		"stage": map[string]any{"from": from, "to": to}, "reason": "churn_scan"}, at)
}

// feedback registers feedback assigned to assignee, created at created,
// due on due, resolved at resolved unless that is zero.
func (b *bundle) feedback(t *testing.T, clientID, assignee int64, created, due, resolved time.Time) int64 {
	t.Helper()
	status, res := "open", &resolved
	if resolved.IsZero() {
		res = nil
	} else {
		status = "resolved"
	}
	return b.id(t, `INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, status, due_on,
		created_at, updated_at, resolved_at) VALUES ($1, $2, $2, 'complaint', 'medium', '交货延迟', $3, $4, $5, $5, $6)`,
		clientID, assignee, status, due, created, res)
}

// satisfaction records a reading: source visit (ref a visit), feedback or
// survey (ref a feedback); staff 0 for a survey.
func (b *bundle) satisfaction(t *testing.T, clientID int64, score int, source string, ref, staff int64, at time.Time) {
	t.Helper()
	var visitID, feedbackID, who *int64
	if source == "visit" {
		visitID = &ref
	} else {
		feedbackID = &ref
	}
	if staff != 0 {
		who = &staff
	}
	b.exec(t, `INSERT INTO satisfaction (client_id, score, source, visit_id, feedback_id, staff_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, clientID, score, source, visitID, feedbackID, who, at)
}

// deal records a deal on the day for amount (decimal text).
func (b *bundle) deal(t *testing.T, clientID int64, on time.Time, amount string) int64 {
	t.Helper()
	return b.id(t, `INSERT INTO deals (client_id, deal_on, amount, created_at) VALUES ($1, $2, $3::numeric, $4)`,
		clientID, on, amount, sh(2026, 1, 1, 0, 0, 0))
}

func (b *bundle) payment(t *testing.T, dealID int64, on time.Time, amount string) {
	t.Helper()
	b.exec(t, `INSERT INTO deal_payments (deal_id, amount, paid_on, created_at) VALUES ($1, $2::numeric, $3, $4)`,
		dealID, amount, on, sh(2026, 1, 1, 0, 0, 0))
}

// build makes team's report for p as an admin would see it.
func (b *bundle) build(t *testing.T, teamID int64, p export.Period) Report {
	t.Helper()
	r, err := b.store.Build(b.ctx, access.Actor{StaffID: 1, Role: access.Admin}, teamID, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// personOf finds a person in the report.
func personOf(t *testing.T, r Report, staffID int64) Person {
	t.Helper()
	for _, tm := range r.Teams {
		for _, p := range tm.People {
			if p.StaffID == staffID {
				return p
			}
		}
	}
	t.Fatalf("staff %d is not in the report", staffID)
	return Person{}
}
