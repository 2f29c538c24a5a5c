package export

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/xuri/excelize/v2"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// now is the tests' clock: Saturday 2026-11-28, 10:00 in Shanghai.
var now = time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai)

// bundle is a ledger of two teams: East with manager Mia and salespeople
// Alice and Bob, West with salesperson Carol; and an admin without a team.
type bundle struct {
	t                             testing.TB
	pool                          *pgxpool.Pool
	store                         *Store
	east, west                    int64
	admin, mia, alice, bob, carol access.Actor
}

func setup(t *testing.T) *bundle { t.Helper(); return setupTB(t) }

func setupTB(t testing.TB) *bundle {
	t.Helper()
	b := &bundle{t: t, pool: pgtest.New(t)}
	b.store = New(b.pool, shanghai)
	b.east, b.west = b.team("East"), b.team("West")
	b.admin = b.member("Ada", access.Admin, 0)
	b.mia = b.member("Mia", access.Manager, b.east)
	b.alice = b.member("Alice", access.Sales, b.east)
	b.bob = b.member("Bob", access.Sales, b.east)
	b.carol = b.member("Carol", access.Sales, b.west)
	return b
}

func (b *bundle) exec(sql string, args ...any) {
	b.t.Helper()
	if _, err := b.pool.Exec(context.Background(), sql, args...); err != nil {
		b.t.Fatalf("%s: %v", sql, err)
	}
}

func (b *bundle) id(sql string, args ...any) int64 {
	b.t.Helper()
	var id int64
	if err := b.pool.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		b.t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (b *bundle) team(name string) int64 {
	return b.id(`INSERT INTO teams (name) VALUES ($1) RETURNING id`, name)
}

var nextTelegram int64 = 5000

func (b *bundle) member(name string, role access.Role, team int64) access.Actor {
	nextTelegram++
	var teamID *int64
	if team != 0 {
		teamID = &team
	}
	id := b.id(`INSERT INTO staff (telegram_id, chat_id, name, role, team_id) VALUES ($1, $1, $2, $3, $4) RETURNING id`,
		nextTelegram, name, string(role), teamID)
	return access.Actor{StaffID: id, Role: role, TeamID: team}
}

// client adds a client owned by owner in owner's team.
func (b *bundle) client(owner access.Actor, name, tier, stage string) int64 {
	return b.id(`INSERT INTO clients (team_id, owner_id, name, tier, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, owner.TeamID, owner.StaffID, name, tier, stage, now.AddDate(0, -2, 0))
}

// export runs an export and opens the workbook it wrote.
func (b *bundle) export(actor access.Actor, f Filter) (*excelize.File, Summary, []byte) {
	b.t.Helper()
	var buf bytes.Buffer
	sum, err := b.store.Export(context.Background(), actor, f, &buf, nil)
	if err != nil {
		b.t.Fatalf("Export: %v", err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		b.t.Fatalf("open the export: %v", err)
	}
	b.t.Cleanup(func() { _ = x.Close() })
	return x, sum, buf.Bytes()
}

// rows reads a sheet as text, the header first.
func rows(t *testing.T, x *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := x.GetRows(sheet)
	if err != nil {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	return rs
}

// column returns the values under header in a sheet's rows.
func column(t *testing.T, rs [][]string, header string) []string {
	t.Helper()
	for i, h := range rs[0] {
		if h == header {
			var out []string
			for _, r := range rs[1:] {
				v := ""
				if i < len(r) {
					v = r[i]
				}
				out = append(out, v)
			}
			return out
		}
	}
	t.Fatalf("no column %q in %q", header, rs[0])
	return nil
}

// cellOf is the cell name under header in data row n (1 = the first row
// after the header).
func cellOf(t *testing.T, rs [][]string, header string, n int) string {
	t.Helper()
	for i, h := range rs[0] {
		if h == header {
			name, err := excelize.CoordinatesToCellName(i+1, n+1)
			if err != nil {
				t.Fatal(err)
			}
			return name
		}
	}
	t.Fatalf("no column %q in %q", header, rs[0])
	return ""
}

// sortedJoin is vs sorted and joined by commas.
func sortedJoin(vs []string) string {
	out := slices.Clone(vs)
	slices.Sort(out)
	return strings.Join(out, ",")
}
