package audit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

func TestClientTrailHoldsItsContactsAndPagesNewestFirst(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	ctx := context.Background()
	var east, west, who, client int64
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(pool.QueryRow(ctx, `INSERT INTO teams (name) VALUES ('East') RETURNING id`).Scan(&east))
	must(pool.QueryRow(ctx, `INSERT INTO teams (name) VALUES ('West') RETURNING id`).Scan(&west))
	must(pool.QueryRow(ctx, `INSERT INTO staff (telegram_id, chat_id, name, role, team_id) VALUES (1, 1, 'Alice', 'sales', $1) RETURNING id`, east).Scan(&who))
	must(pool.QueryRow(ctx, `INSERT INTO clients (team_id, owner_id, name, created_at, updated_at) VALUES ($1, $2, 'Acme', now(), now()) RETURNING id`, east, who).Scan(&client))
	at := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	write := func(i int, e audit.Entry) {
		e.ActorID, e.At = who, at.Add(time.Duration(i)*time.Minute)
		must(audit.Write(ctx, pool, e))
	}
	write(0, audit.Entry{Entity: "client", EntityID: client, Action: "create", Changes: map[string]any{"name": "Acme"}})
	for i := 1; i <= 12; i++ {
		write(i, audit.Entry{Entity: "client", EntityID: client, Action: "update", Changes: map[string]any{"tier": audit.Change{From: "normal", To: "key"}}})
	}
	write(13, audit.Entry{Entity: "contact", EntityID: 99, Action: "delete", Changes: map[string]any{"client_id": client, "name": "Zhang"}})
	write(14, audit.Entry{Entity: "contact", EntityID: 98, Action: "delete", Changes: map[string]any{"client_id": client + 1, "name": "Other"}})

	items, total, err := audit.ClientTrail(ctx, pool, access.Actor{StaffID: who, Role: access.Sales, TeamID: east}, client, 0, 10)
	must(err)
	if total != 14 || len(items) != 10 || items[0].Entity != "contact" || items[0].ActorName != "Alice" || items[0].ClientName != "Acme" {
		t.Fatalf("first page: total %d, %+v", total, items)
	}
	items, _, err = audit.ClientTrail(ctx, pool, access.Actor{Role: access.Admin}, client, 10, 10)
	must(err)
	if len(items) != 4 || items[3].Action != "create" {
		t.Fatalf("second page %+v", items)
	}
	if _, _, err := audit.ClientTrail(ctx, pool, access.Actor{StaffID: 5, Role: access.Manager, TeamID: west}, client, 0, 10); !errors.Is(err, audit.ErrNotFound) {
		t.Fatalf("another team: %v", err)
	}
	if _, _, err := audit.ActorTrail(ctx, pool, access.Actor{Role: access.Manager, TeamID: east}, who, 0, 10); !errors.Is(err, access.ErrForbidden) {
		t.Fatalf("manager reads actor trail: %v", err)
	}
	mine, n, err := audit.ActorTrail(ctx, pool, access.Actor{Role: access.Admin}, who, 0, 20)
	must(err)
	if n != 15 || len(mine) != 15 || mine[1].ClientName != "Acme" || mine[0].ClientID != 0 {
		t.Fatalf("actor trail %d %+v", n, mine[:2])
	}
	if got, _ := audit.ByEntity(ctx, pool, "client", client, 0, 5); len(got) != 5 {
		t.Fatalf("ByEntity %d", len(got))
	}
	if n, _ := audit.CountByEntity(ctx, pool, "client", client); n != 13 {
		t.Fatalf("CountByEntity %d", n)
	}
	if got, _ := audit.ByActor(ctx, pool, who, 0, 100); len(got) != 15 {
		t.Fatalf("ByActor %d", len(got))
	}
}
