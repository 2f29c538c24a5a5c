package client

import (
	"errors"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestArchiveHidesAClientAndRestoreBringsItBack(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "Acme Trading", Contact: &ContactDraft{Name: "Zhang Wei", Phone: "13800138000"}})
	b.exec(t, `INSERT INTO churn_episodes (client_id, team_id, started_on, reasons, created_at)
		VALUES ($1, $2, '2026-03-01', '[]', now())`, c.ID, b.teamA)
	for _, a := range []access.Actor{b.salesA, b.sales} {
		if _, err := b.store.Archive(b.ctx, a, c.ID); !errors.Is(err, access.ErrForbidden) && !errors.Is(err, ErrNotFound) {
			t.Fatalf("archive by %s of team %d: %v", a.Role, a.TeamID, err)
		}
	}
	got, err := b.store.Archive(b.ctx, b.mgrA, c.ID)
	if err != nil || got.ArchivedAt == nil {
		t.Fatalf("archive: %+v, %v", got, err)
	}
	for _, q := range []string{"acme", "13800138000", "Zhang"} {
		if ms, err := b.store.Search(b.ctx, b.salesA, q, 10); err != nil || len(ms) != 0 {
			t.Errorf("Search(%q) finds the archived client: %+v, %v", q, ms, err)
		}
	}
	if ms, err := b.store.Duplicates(b.ctx, b.salesA, "Acme Trading", "13800138000"); err != nil || len(ms) != 0 {
		t.Errorf("an archived client is a duplicate: %+v, %v", ms, err)
	}
	if cs, err := b.store.Mine(b.ctx, b.salesA); err != nil || len(cs) != 0 {
		t.Errorf("/mine lists the archived client: %+v, %v", cs, err)
	}
	if n := b.count(t, `SELECT count(*) FROM churn_episodes WHERE client_id = $1 AND end_reason = 'archived'`, c.ID); n != 1 {
		t.Error("the open churn episode did not end")
	}
	// Kept: a manager still opens it by id; a change to it does not bring
	// it back into search.
	if _, err := b.store.Get(b.ctx, b.mgrA, c.ID); err != nil {
		t.Fatalf("get archived: %v", err)
	}
	if _, err := b.store.Update(b.ctx, b.mgrA, c.ID, Patch{Field: "name", Value: "Acme Trading Ltd"}); err != nil {
		t.Fatal(err)
	}
	if n := b.count(t, `SELECT count(*) FROM client_terms WHERE client_id = $1`, c.ID); n != 0 {
		t.Fatal("a rename put the archived client back into search")
	}

	if _, err := b.store.Restore(b.ctx, b.salesA, c.ID); !errors.Is(err, access.ErrForbidden) {
		t.Fatalf("restore by a salesperson: %v", err)
	}
	got, err = b.store.Restore(b.ctx, b.admin, c.ID)
	if err != nil || got.ArchivedAt != nil {
		t.Fatalf("restore: %+v, %v", got, err)
	}
	if ms, err := b.store.Search(b.ctx, b.salesA, "acme", 10); err != nil || len(ms) != 1 {
		t.Fatalf("restored client not found: %+v, %v", ms, err)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity_id = $1 AND action IN ('archive', 'restore')`, c.ID); n != 2 {
		t.Fatalf("%d archive/restore audit entries, want 2", n)
	}
}

func TestArchivedClientsCannotBeMerged(t *testing.T) {
	t.Parallel()
	b := setup(t)
	a := b.create(t, b.salesA, Draft{Name: "Acme Trading"})
	d := b.create(t, b.salesA, Draft{Name: "Acme Trading Co"})
	if _, err := b.store.Archive(b.ctx, b.mgrA, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Merge(b.ctx, b.mgrA, a.ID, []int64{d.ID}, nil, 0); !errors.Is(err, ErrArchived) {
		t.Fatalf("merge with an archived client: %v", err)
	}
}
