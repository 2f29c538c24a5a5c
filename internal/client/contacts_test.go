package client

import (
	"errors"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestAddContactMovesThePrimaryFlag(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技", Contact: &ContactDraft{Name: "张伟"}})
	second, created, err := b.store.AddContact(b.ctx, b.salesA, c.ID, ContactDraft{Name: "李娜"}, 0)
	if err != nil || !created || second.IsPrimary {
		t.Fatalf("second contact %+v created=%v err=%v, want not primary", second, created, err)
	}
	third, _, err := b.store.AddContact(b.ctx, b.mgrA, c.ID, ContactDraft{Name: "王芳", IsPrimary: true}, 0)
	if err != nil || !third.IsPrimary {
		t.Fatalf("third contact %+v, %v", third, err)
	}
	list, err := b.store.Contacts(b.ctx, b.salesA2, c.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("contacts %v, %v", list, err)
	}
	if list[0].Name != "王芳" || !list[0].IsPrimary || list[1].IsPrimary || list[2].IsPrimary {
		t.Fatalf("want 王芳 alone primary and first, got %+v", list)
	}
	if got, _ := b.store.Search(b.ctx, b.salesA, "李娜", 10); len(got) != 1 || got[0].Reason != "contact" {
		t.Fatalf("new contact not searchable: %s", names(got))
	}
}

func TestAddContactChecksAccessAndRepeats(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技"})
	if _, _, err := b.store.AddContact(b.ctx, b.salesA2, c.ID, ContactDraft{Name: "甲"}, 0); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("teammate: %v, want ErrForbidden", err)
	}
	if _, _, err := b.store.AddContact(b.ctx, b.sales, c.ID, ContactDraft{Name: "甲"}, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("other team: %v, want ErrNotFound", err)
	}
	if _, err := b.store.Contacts(b.ctx, b.sales, c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("other team lists contacts: %v, want ErrNotFound", err)
	}
	first, created, err := b.store.AddContact(b.ctx, b.salesA, c.ID, ContactDraft{Name: "甲", IsPrimary: true}, 55)
	if err != nil || !created {
		t.Fatal(created, err)
	}
	again, created, err := b.store.AddContact(b.ctx, b.salesA, c.ID, ContactDraft{Name: "甲", IsPrimary: true}, 55)
	if err != nil || created || again.ID != first.ID || !again.IsPrimary {
		t.Fatalf("repeat: %+v created=%v err=%v", again, created, err)
	}
	if n := b.count(t, `SELECT count(*) FROM contacts WHERE client_id = $1`, c.ID); n != 1 {
		t.Fatalf("%d contacts, want 1", n)
	}
}
