package importer

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// bundle is one test's ledger: team A (a manager, salespeople 张伟 and
// 李娜), team B (a manager), an admin without a team, the stores, and a
// clock at 2026-03-10 10:00 in Shanghai that tests move.
type bundle struct {
	ctx          context.Context
	pool         *pgxpool.Pool
	store        *Store
	clients      *client.Store
	now          time.Time
	teamA, teamB int64
	admin, mgrA  access.Actor
	mgrB, salesA access.Actor
	salesA2      access.Actor
	update       int64 // the next originUpdate
}

func setup(t *testing.T) *bundle {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), now: time.Date(2026, 3, 10, 10, 0, 0, 0, loc)}
	clock := func() time.Time { return b.now }
	b.clients = client.NewStore(b.pool, clock, loc)
	b.store = New(b.pool, b.clients, clock, slog.New(slog.DiscardHandler))
	b.teamA = b.team(t, "East")
	b.teamB = b.team(t, "West")
	b.admin = access.Actor{StaffID: b.staff(t, "Admin", access.Admin, 0), Role: access.Admin}
	b.mgrA = access.Actor{StaffID: b.staff(t, "Manager A", access.Manager, b.teamA), Role: access.Manager, TeamID: b.teamA}
	b.mgrB = access.Actor{StaffID: b.staff(t, "Manager B", access.Manager, b.teamB), Role: access.Manager, TeamID: b.teamB}
	b.salesA = access.Actor{StaffID: b.staff(t, "张伟", access.Sales, b.teamA), Role: access.Sales, TeamID: b.teamA}
	b.salesA2 = access.Actor{StaffID: b.staff(t, "李娜", access.Sales, b.teamA), Role: access.Sales, TeamID: b.teamA}
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

func (b *bundle) staff(t *testing.T, name string, role access.Role, team int64) int64 {
	t.Helper()
	var id int64
	var teamID *int64
	if team != 0 {
		teamID = &team
	}
	err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id)
		VALUES ((SELECT coalesce(max(telegram_id), 0) + 1 FROM staff), 1, $1, $2, $3) RETURNING id`,
		name, role, teamID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// client creates a ledger client in team A as its manager.
func (b *bundle) client(t *testing.T, d client.Draft) client.Client {
	t.Helper()
	c, _, err := b.clients.Create(b.ctx, b.mgrA, d, 0)
	if err != nil {
		t.Fatalf("create %q: %v", d.Name, err)
	}
	return c
}

func (b *bundle) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := b.pool.QueryRow(b.ctx, sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// csvFile joins rows of cells into a UTF-8 CSV.
func csvFile(rows ...[]string) []byte {
	var buf bytes.Buffer
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				buf.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			buf.WriteString(c)
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// xlsxFile writes a workbook: each sheet a name, then its rows (the first the header).
func xlsxFile(t testing.TB, sheets ...xsheet) []byte {
	t.Helper()
	w := sheet.NewWriter()
	for _, s := range sheets {
		cols := make([]sheet.Col, len(s.rows[0]))
		for i, h := range s.rows[0] {
			cols[i] = sheet.Col{Header: h, Type: sheet.Text}
		}
		if err := w.Sheet(s.name, cols); err != nil {
			t.Fatal(err)
		}
		for _, r := range s.rows[1:] {
			vals := make([]any, len(r))
			for i, v := range r {
				vals[i] = v
			}
			if err := w.Row(vals...); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type xsheet struct {
	name string
	rows [][]string
}

// begin stores a file as actor, failing the test on error.
func (b *bundle) begin(t *testing.T, actor access.Actor, name string, data []byte) Import {
	t.Helper()
	b.update++
	imp, err := b.store.Begin(b.ctx, actor, 0, 1, name, data, b.update)
	if err != nil {
		t.Fatalf("begin %s: %v", name, err)
	}
	return imp
}

// checked begins and dry-runs a file as the manager of team A.
func (b *bundle) checked(t *testing.T, name string, data []byte, owners OwnerPolicy) Import {
	t.Helper()
	imp := b.begin(t, b.mgrA, name, data)
	imp, err := b.store.DryRun(b.ctx, b.mgrA, imp.ID, owners)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	return imp
}

// commit confirms and runs an import to the end.
func (b *bundle) commit(t *testing.T, imp Import, dup DupPolicy) Import {
	t.Helper()
	if _, err := b.store.Confirm(b.ctx, b.mgrA, imp.ID, dup); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	if err := b.store.RunPending(b.ctx, "test", time.Minute, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	imp, err := b.store.Get(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Status != Done {
		t.Fatalf("status %s after run, want done", imp.Status)
	}
	return imp
}

func fmtReport(r Report) string { return fmt.Sprintf("%+v", r) }
