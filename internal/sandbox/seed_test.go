package sandbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/sandbox"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// monday is the first day the tests give the sandbox: Monday 2026-11-23.
var monday = time.Date(2026, 11, 23, 9, 30, 0, 0, shanghai)

func seeded(t *testing.T) (*pgxpool.Pool, sandbox.Summary) {
	t.Helper()
	pool := pgtest.New(t)
	sum, err := sandbox.Seed(context.Background(), pool, shanghai, monday)
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	return pool, sum
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// One ledger serves every check: seeding takes a while.
func TestSeed(t *testing.T) {
	t.Parallel()
	pool, sum := seeded(t)
	t.Run("WritesTheDemoLedgerOnce", func(t *testing.T) { writesOnce(t, pool, sum) })
	t.Run("HasTheShowcaseClients", func(t *testing.T) { hasShowcase(t, pool) })
}

func writesOnce(t *testing.T, pool *pgxpool.Pool, sum sandbox.Summary) {
	if sum.Clients < 300 || sum.Visits < 300 || sum.Deals < 50 || sum.Feedback < 10 {
		t.Errorf("summary %+v: want a few hundred clients with visits, deals and feedback", sum)
	}
	for sql, want := range map[string]int{
		`SELECT count(*) FROM clients`:  sum.Clients,
		`SELECT count(*) FROM contacts`: sum.Contacts,
		`SELECT count(*) FROM visits`:   sum.Visits,
		`SELECT count(*) FROM deals`:    sum.Deals,
		`SELECT count(*) FROM feedback`: sum.Feedback,
		// Seeding sends nothing: what the bot says on its first day comes
		// from its own jobs.
		`SELECT count(*) FROM outbox`:                            0,
		`SELECT count(*) FROM staff WHERE active`:                len(sandbox.People),
		`SELECT count(*) FROM invites WHERE used_by IS NOT NULL`: len(sandbox.People),
	} {
		if got := count(t, pool, sql); got != want {
			t.Errorf("%s = %d, want %d", sql, got, want)
		}
	}
	for _, p := range sandbox.People {
		var role, team string
		if err := pool.QueryRow(context.Background(), `SELECT s.role, coalesce(t.name, '') FROM staff s LEFT JOIN teams t ON t.id = s.team_id
			WHERE s.telegram_id = $1`, p.TelegramID).Scan(&role, &team); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if role != string(p.Role) || team != p.Team {
			t.Errorf("%s is %s of %q, want %s of %q", p.Name, role, team, p.Role, p.Team)
		}
	}
	if _, err := sandbox.Seed(context.Background(), pool, shanghai, monday); !errors.Is(err, sandbox.ErrNotEmpty) {
		t.Errorf("second Seed: %v, want ErrNotEmpty", err)
	}
}

func hasShowcase(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	// The client the tour searches for belongs to 张伟 and is unique by its
	// trade name.
	if n := count(t, pool, `SELECT count(*) FROM clients c JOIN staff s ON s.id = c.owner_id
		WHERE c.name LIKE '%恒信%' AND s.name = '张伟'`); n != 1 {
		t.Errorf("%d clients named 恒信 of 张伟, want 1", n)
	}
	// One receivable overdue, and it is 金桥's.
	var owed string
	if err := pool.QueryRow(ctx, `SELECT c.name FROM deals d JOIN clients c ON c.id = d.client_id
		WHERE d.due_on < $1 AND NOT EXISTS (SELECT 1 FROM deal_payments p WHERE p.deal_id = d.id)`,
		monday.Format(time.DateOnly)).Scan(&owed); err != nil {
		t.Fatalf("the overdue receivable: %v", err)
	}
	if owed != sandbox.OverdueClient {
		t.Errorf("overdue receivable of %s, want %s", owed, sandbox.OverdueClient)
	}
	// One open feedback past its deadline: the complaint.
	var late string
	if err := pool.QueryRow(ctx, `SELECT c.name FROM feedback f JOIN clients c ON c.id = f.client_id
		WHERE f.status <> 'resolved' AND f.due_on < $1`, monday.Format(time.DateOnly)).Scan(&late); err != nil {
		t.Fatalf("the overdue feedback: %v", err)
	}
	if late != sandbox.ComplaintClient {
		t.Errorf("overdue feedback on %s, want %s", late, sandbox.ComplaintClient)
	}
	// Contacts with birthdays, the strategic client's chairman's tomorrow.
	if n := count(t, pool, `SELECT count(*) FROM contacts ct JOIN clients c ON c.id = ct.client_id
		WHERE c.name = $1 AND to_char(ct.birthday, 'MM-DD') = '11-24'`, sandbox.StrategicClient); n != 1 {
		t.Errorf("%d contacts of %s born on 11-24, want 1", n, sandbox.StrategicClient)
	}
	if n := count(t, pool, `SELECT count(*) FROM contacts WHERE birthday IS NOT NULL`); n < 100 {
		t.Errorf("%d contacts with a birthday, want a hundred or more", n)
	}
	if n := count(t, pool, `SELECT count(DISTINCT tier) + count(DISTINCT stage) + count(DISTINCT industry) FROM clients`); n < 3+4+8 {
		t.Errorf("%d distinct tiers, stages and industries: the ledger is too uniform", n)
	}
}
