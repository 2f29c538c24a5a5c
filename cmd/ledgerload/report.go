package main

// ledgerload report [-clients N] [-visits V] [-teams T] [-sales S] [-runs R] [-keep] [-reuse] [-schema S]
//
// report fills its own schema with T teams of S salespeople and a manager,
// N clients and V visits over the last two years, with what the 考核 reads
// besides: follow-ups (one visit in five) and when they were done, stage
// changes in the audit trail, feedback (N/5, most resolved), satisfaction
// readings, deals (one per client) and payments. It is seeded by
// generate_series in SQL, then analysed. Then it times, R times each after
// a warm-up, last month's report of one team as its manager asks for it,
// the report of every team as an admin asks for it, the text and workbook
// of the latter, and the monthly job once (a report per team with a
// manager; its messages stay in the schema's outbox).
//
//	ledgerload report -teams 1 -clients 20000 -visits 200000     a team
//	ledgerload report -teams 50 -clients 1000000 -visits 5000000 every team

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/report"
	"github.com/ledgerbot/ledgerbot/migrations"
)

func runReport(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	clients := fs.Int("clients", 20_000, "clients to load")
	visits := fs.Int("visits", 200_000, "visits to load over two years")
	teams := fs.Int("teams", 1, "teams to spread them over")
	sales := fs.Int("sales", 20, "salespeople per team")
	runs := fs.Int("runs", 3, "timed runs of each report, after one warm-up")
	keep := fs.Bool("keep", false, "keep the schema at the end")
	reuse := fs.Bool("reuse", false, "time a schema kept by an earlier -keep run instead of loading")
	schema := fs.String("schema", "ledgerload_report", "schema to load into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pool, done, err := openSchema(ctx, *schema, *reuse, *keep)
	if err != nil {
		return err
	}
	defer done()
	if !*reuse {
		if _, err := postgres.Migrate(ctx, pool, migrations.FS, nil); err != nil {
			return err
		}
		if err := seedReport(ctx, pool, out, *teams, *sales, *clients, *visits); err != nil {
			return err
		}
	}
	loc := shanghai()
	store := report.New(pool, loc, time.Now)
	period := export.LastMonth(store.Today())
	var manager access.Actor
	if err := pool.QueryRow(ctx, `SELECT id, team_id FROM staff WHERE role = 'manager' ORDER BY id LIMIT 1`).
		Scan(&manager.StaffID, &manager.TeamID); err != nil {
		return fmt.Errorf("report: a manager: %w", err)
	}
	manager.Role = access.Manager
	var sizes struct{ clients, visits, teamClients, teamVisits int }
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM visits),
		(SELECT count(*) FROM clients WHERE team_id = $1),
		(SELECT count(*) FROM visits v JOIN staff s ON s.id = v.author_id WHERE s.team_id = $1)`, manager.TeamID).
		Scan(&sizes.clients, &sizes.visits, &sizes.teamClients, &sizes.teamVisits); err != nil {
		return fmt.Errorf("report: sizes: %w", err)
	}
	fmt.Fprintf(out, "ledger: %d clients, %d visits; team %d: %d clients, %d visits; period %s\n",
		sizes.clients, sizes.visits, manager.TeamID, sizes.teamClients, sizes.teamVisits, period)

	var r report.Report
	if err := timeIt(out, "team report (manager)", *runs, func() error {
		r, err = store.Build(ctx, manager, 0, period)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(out, "  %d people, %d visits, %d clients owned, %d follow-ups judged\n",
		len(r.Teams[0].People), r.Cur.Visits.Total(), r.Cur.Owned, r.Cur.FollowUpsDue)
	if err := timeIt(out, "every team (admin)", *runs, func() error {
		r, err = store.Build(ctx, access.Actor{Role: access.Admin}, 0, period)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(out, "  %d teams, %d visits, %d clients owned, deals ¥%.0f\n",
		len(r.Teams), r.Cur.Visits.Total(), r.Cur.Owned, float64(r.Cur.DealCents)/100)
	var size countingWriter
	if err := timeIt(out, "every team: text and workbook", *runs, func() error {
		_ = report.Text(r, i18n.ZH)
		size = 0
		return report.WriteXLSX(&size, r, i18n.ZH)
	}); err != nil {
		return err
	}
	fmt.Fprintf(out, "  workbook %.0f kB\n", float64(size)/1e3)
	job := report.NewJob(store, slog.New(slog.DiscardHandler))
	var n int
	if err := timeIt(out, "monthly job (every manager)", 1, func() error {
		n, err = job.Run(ctx, time.Now())
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(out, "  %d messages enqueued\n", n)
	return nil
}

// timeIt runs f once to warm the caches (unless runs is 1), then runs
// times, and prints the fastest, median and slowest.
func timeIt(out io.Writer, name string, runs int, f func() error) error {
	if runs > 1 {
		if err := f(); err != nil {
			return fmt.Errorf("report: %s: %w", name, err)
		}
	}
	var took []time.Duration
	for range runs {
		start := time.Now()
		if err := f(); err != nil {
			return fmt.Errorf("report: %s: %w", name, err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	fmt.Fprintf(out, "%-32s min %6.3f s  median %6.3f s  max %6.3f s (%d runs)\n", name,
		took[0].Seconds(), took[len(took)/2].Seconds(), took[len(took)-1].Seconds(), len(took))
	return nil
}

// reportSeed fills the schema, a step at a time, each a few statements with
// the named arguments @clients, @visits, @teams and @sales (per team). Each
// row's client is spread over the ledger by a multiplicative hash of its
// number; times are drawn back from now.
var reportSeed = []struct {
	step string
	sql  []string
}{
	{"teams and staff", []string{
		`INSERT INTO teams (name) SELECT format('销售%s部', g) FROM generate_series(1, @teams::int) g`,
		`INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
	SELECT 1000000 + t.id, 1000000 + t.id, '经理' || t.id, 'manager', t.id FROM teams t`,
		`INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
	SELECT 2000000 + t.id * 1000 + k, 2000000 + t.id * 1000 + k, format('销售%s-%s', t.id, k), 'sales', t.id
	FROM teams t, generate_series(1, @sales::int) k`,
		`CREATE TABLE load_sales AS SELECT s.id, dense_rank() OVER (ORDER BY s.team_id) - 1 AS tn,
	row_number() OVER (PARTITION BY s.team_id ORDER BY s.id) - 1 AS k, s.team_id
	FROM staff s WHERE s.role = 'sales'`,
		`CREATE UNIQUE INDEX ON load_sales (tn, k)`,
	}},
	{"clients", []string{
		`INSERT INTO clients (team_id, owner_id, name, stage, created_at, updated_at, archived_at)
SELECT s.team_id, s.id, '客户' || g,
	CASE WHEN r < 0.05 THEN 'churned' WHEN r < 0.10 THEN 'sleeping' WHEN r < 0.15 THEN 'potential'
		WHEN r < 0.20 THEN 'new' ELSE 'active' END,
	at, at, CASE WHEN archive < 0.01 THEN now() - interval '5 days' END
FROM (SELECT g, now() - random() * interval '1095 days' AS at, random() AS r, random() AS archive
	FROM generate_series(1, @clients::int) g) x
JOIN load_sales s ON s.tn = g % @teams::int AND s.k = (g / @teams::int) % @sales::int`,
	}},
	{"stage changes", []string{
		`INSERT INTO audit_log (entity, entity_id, action, changes, at)
SELECT 'client', c.id, 'update', jsonb_build_object('stage', jsonb_build_object('from', 'active', 'to', c.stage), 'reason', 'churn_scan'),
	now() - random() * interval '730 days'
FROM clients c WHERE c.stage IN ('churned', 'sleeping')`,
		`INSERT INTO audit_log (entity, entity_id, action, changes, at)
SELECT 'client', c.id, 'update', jsonb_build_object('stage', jsonb_build_object('from', s.f, 'to', s.t), 'reason', 'contact'),
	s.at FROM (SELECT id FROM clients WHERE stage = 'active' AND random() < 0.05) c
CROSS JOIN LATERAL (VALUES ('active', 'churned', now() - interval '90 days' + (c.id % 30) * interval '1 day'),
	('churned', 'active', now() - interval '20 days' + (c.id % 15) * interval '1 day')) s(f, t, at)`,
	}},
	{"visits", []string{
		`INSERT INTO visits (client_id, author_id, kind, visited_at, created_at, follow_up_on, follow_up_done)
SELECT c.id, c.owner_id, (ARRAY['onsite', 'phone', 'video', 'other'])[1 + floor(kind * 4)::int], at, at,
	CASE WHEN f < 0.2 THEN (at + (1 + floor(f * 70)) * interval '1 day')::date END,
	f < 0.2 AND done < 0.85 AND at + (1 + floor(f * 70)) * interval '1 day' < now()
FROM (SELECT g, now() - random() * interval '730 days' AS at, random() AS kind, random() AS f, random() AS done
	FROM generate_series(1, @visits::int) g) x
JOIN clients c ON c.id = 1 + (g::bigint * 7919) % @clients::int`,
	}},
	{"follow-ups done", []string{
		`INSERT INTO audit_log (actor_id, entity, entity_id, action, changes, at)
SELECT v.author_id, 'visit', v.id, 'follow_up_done', '{}', v.follow_up_on + random() * interval '36 hours'
FROM visits v WHERE v.follow_up_done`,
	}},
	{"feedback and satisfaction", []string{
		`INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, status, due_on, created_at, updated_at, resolved_at)
SELECT c.id, c.owner_id, c.owner_id, 'complaint', 'medium', '交货延迟', CASE WHEN open THEN 'open' ELSE 'resolved' END,
	(at + interval '3 days')::date, at, at,
	CASE WHEN NOT open THEN least(now(), at + random() * interval '96 hours') END
FROM (SELECT g, now() - random() * interval '730 days' AS at, random() < 0.15 AS open
	FROM generate_series(1, @clients::int / 5) g) x
JOIN clients c ON c.id = 1 + (g::bigint * 104729) % @clients::int`,
		`INSERT INTO satisfaction (client_id, score, source, feedback_id, staff_id, at)
SELECT f.client_id, 1 + floor(random() * 5)::int, 'feedback', f.id, f.assignee_id, f.resolved_at
FROM feedback f WHERE f.status = 'resolved'`,
	}},
	{"deals and payments", []string{
		`INSERT INTO deals (client_id, deal_on, amount, created_by, created_at)
SELECT c.id, (now() - random() * interval '730 days')::date, round((random() * 100000)::numeric, 2), c.owner_id, now()
FROM generate_series(1, @clients::int) g JOIN clients c ON c.id = 1 + (g::bigint * 15485863) % @clients::int`,
		`INSERT INTO deal_payments (deal_id, amount, paid_on, created_at)
SELECT d.id, round(d.amount * 0.6, 2) + 0.01, d.deal_on + floor(random() * 60)::int, now()
FROM deals d WHERE random() < 0.7`,
		`DROP TABLE load_sales`,
	}},
}

// seedReport fills the migrated, empty schema on one connection, with
// triggers (foreign keys, the merge redirect) off while it loads.
func seedReport(ctx context.Context, pool *pgxpool.Pool, out io.Writer, teams, sales, clients, visits int) error {
	step := stepper(out)
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		return fmt.Errorf("report: seed: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `RESET session_replication_role`) }()
	args := pgx.NamedArgs{"clients": clients, "visits": visits, "teams": teams, "sales": sales}
	for _, s := range reportSeed {
		for _, stmt := range s.sql {
			if _, err := conn.Exec(ctx, stmt, args); err != nil {
				return fmt.Errorf("report: seed %s: %w", s.step, err)
			}
		}
		step("seeded %s", s.step)
	}
	for _, t := range []string{"clients", "visits", "audit_log", "feedback", "satisfaction", "deals", "deal_payments", "staff", "teams"} {
		if _, err := conn.Exec(ctx, `VACUUM (ANALYZE) `+t); err != nil {
			return fmt.Errorf("report: analyse %s: %w", t, err)
		}
	}
	step("vacuumed and analysed")
	return nil
}
