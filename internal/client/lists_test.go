package client

import (
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

func TestTouchTxWakesASleepingClient(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技", Stage: "sleeping"})
	at := b.now.Add(2 * time.Hour)
	touch := func(at time.Time) {
		t.Helper()
		if err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error { return TouchTx(b.ctx, tx, 0, c.ID, at) }); err != nil {
			t.Fatal(err)
		}
	}
	touch(at)
	got, _ := b.store.Get(b.ctx, b.salesA, c.ID)
	if got.Stage != "active" || got.LastContactAt == nil || !got.LastContactAt.Equal(at) || !got.UpdatedAt.Equal(at) {
		t.Fatalf("after touch: %+v", got)
	}
	// An older contact does not move last_contact_at back.
	touch(at.Add(-24 * time.Hour))
	got, _ = b.store.Get(b.ctx, b.salesA, c.ID)
	if !got.LastContactAt.Equal(at) {
		t.Fatalf("last contact moved back to %v", got.LastContactAt)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1
		AND changes->'stage'->>'to' = 'active'`, c.ID); n != 1 {
		t.Fatalf("%d stage audit entries, want 1", n)
	}
	churned := b.create(t, b.salesA, Draft{Name: "流失客户", Stage: "churned"})
	potential := b.create(t, b.salesA, Draft{Name: "潜在客户"})
	for id, want := range map[int64]string{churned.ID: "active", potential.ID: "potential"} {
		if err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error { return TouchTx(b.ctx, tx, 0, id, at) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := b.store.Get(b.ctx, b.salesA, id); got.Stage != want {
			t.Errorf("client %d stage %q after touch, want %q", id, got.Stage, want)
		}
	}
	err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error { return TouchTx(b.ctx, tx, 0, 999999, at) })
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing client: %v", err)
	}
}

func TestMineOrdersByTierThenLongestWithoutContact(t *testing.T) {
	t.Parallel()
	b := setup(t)
	normalOld := b.create(t, b.salesA, Draft{Name: "普通甲"})
	normalNever := b.create(t, b.salesA, Draft{Name: "普通乙"})
	key := b.create(t, b.salesA, Draft{Name: "重点", Tier: "key"})
	strategic := b.create(t, b.salesA, Draft{Name: "战略", Tier: "strategic"})
	b.create(t, b.salesA2, Draft{Name: "别人的"})
	for id, days := range map[int64]int{normalOld.ID: 30, key.ID: 1, strategic.ID: 2} {
		at := b.now.AddDate(0, 0, -days)
		if err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error { return TouchTx(b.ctx, tx, 0, id, at) }); err != nil {
			t.Fatal(err)
		}
	}
	mine, err := b.store.Mine(b.ctx, b.salesA)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{strategic.ID, key.ID, normalNever.ID, normalOld.ID}
	if len(mine) != len(want) {
		t.Fatalf("Mine returned %d clients, want %d", len(mine), len(want))
	}
	for i, id := range want {
		if mine[i].ID != id {
			t.Errorf("Mine[%d] = %s, want client %d", i, mine[i].Name, id)
		}
	}
}

func TestRecentListsLastTouchedFirst(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first := b.create(t, b.salesA, Draft{Name: "甲"})
	b.now = b.now.Add(time.Hour)
	second := b.create(t, b.salesA, Draft{Name: "乙"})
	b.now = b.now.Add(time.Hour)
	teammates := b.create(t, b.salesA2, Draft{Name: "丙"})
	// Contact with the first client makes it the most recent; a visit by
	// salesA to a teammate's client brings that one in too.
	if err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error {
		return TouchTx(b.ctx, tx, 0, first.ID, b.now.Add(time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(b.ctx, `INSERT INTO visits (client_id, author_id, kind, visited_at, created_at)
		VALUES ($1, $2, 'phone', $3, $3)`, teammates.ID, b.salesA.StaffID, b.now.Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err := b.store.Recent(b.ctx, b.salesA, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{first.ID, teammates.ID, second.ID}
	if len(got) != len(want) {
		t.Fatalf("Recent returned %d clients, want %d", len(got), len(want))
	}
	for i, id := range want {
		if got[i].ID != id {
			t.Errorf("Recent[%d] = %s, want client %d", i, got[i].Name, id)
		}
	}
}
