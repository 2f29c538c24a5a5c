package client

import (
	"errors"
	"strconv"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestUpdateContactChecksEachFieldAndReindexes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技", Contact: &ContactDraft{Name: "张伟", Phone: "13800138000"}})
	cs, err := b.store.Contacts(b.ctx, b.salesA, c.ID)
	if err != nil || len(cs) != 1 {
		t.Fatal(cs, err)
	}
	id := cs[0].ID
	if _, err := b.store.UpdateContact(b.ctx, b.salesA, id, ContactPatch{Field: "phone", Value: "call me"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad phone: %v", err)
	}
	got, err := b.store.UpdateContact(b.ctx, b.salesA, id, ContactPatch{Field: "phone", Value: "139 0000 1111"})
	if err != nil || got.Phone != "139 0000 1111" {
		t.Fatalf("phone: %+v %v", got, err)
	}
	if found, _ := b.store.Search(b.ctx, b.salesA, "13900001111", 5); len(found) != 1 {
		t.Fatalf("new phone not searchable: %v", found)
	}
	if found, _ := b.store.Search(b.ctx, b.salesA, "13800138000", 5); len(found) != 0 {
		t.Fatalf("old phone still found: %v", found)
	}
	if _, err := b.store.UpdateContact(b.ctx, b.salesA, id, ContactPatch{Field: "name", Value: "李娜"}); err != nil {
		t.Fatal(err)
	}
	if found, _ := b.store.Search(b.ctx, b.salesA, "李娜", 5); len(found) != 1 {
		t.Fatalf("new name not searchable: %v", found)
	}
	if got, err := b.store.UpdateContact(b.ctx, b.salesA, id, ContactPatch{Field: "birthday", Value: "1980-05-12"}); err != nil || got.Birthday == nil {
		t.Fatalf("birthday %+v %v", got, err)
	}
	if _, err := b.store.UpdateContact(b.ctx, b.salesA, id, ContactPatch{Field: "email", Value: "x@"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad email: %v", err)
	}
	if _, err := b.store.UpdateContact(b.ctx, b.salesA2, id, ContactPatch{Field: "position", Value: "CEO"}); !errors.Is(err, access.ErrForbidden) {
		t.Fatalf("teammate: %v", err)
	}
	if _, err := b.store.UpdateContact(b.ctx, b.sales, id, ContactPatch{Field: "position", Value: "CEO"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other team: %v", err)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'contact' AND action = 'update' AND changes ->> 'client_id' = $1`, itoa(c.ID)); n != 3 {
		t.Fatalf("%d audited updates, want 3", n)
	}
}

func TestRemovePrimaryContactPassesTheStar(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技", Contact: &ContactDraft{Name: "张伟"}})
	second, _, err := b.store.AddContact(b.ctx, b.salesA, c.ID, ContactDraft{Name: "李娜"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := b.store.Contacts(b.ctx, b.salesA, c.ID)
	removed, next, err := b.store.RemoveContact(b.ctx, b.mgrA, cs[0].ID)
	if err != nil || removed.Name != "张伟" || next.ID != second.ID || !next.IsPrimary {
		t.Fatalf("removed %+v next %+v %v", removed, next, err)
	}
	if found, _ := b.store.Search(b.ctx, b.salesA, "张伟", 5); len(found) != 0 {
		t.Fatalf("removed contact still found: %v", found)
	}
	if _, next, err = b.store.RemoveContact(b.ctx, b.salesA, second.ID); err != nil || next.ID != 0 {
		t.Fatalf("last contact: %+v %v", next, err)
	}
	if _, _, err := b.store.RemoveContact(b.ctx, b.salesA, second.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("twice: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
