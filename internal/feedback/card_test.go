package feedback

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestQueueOpenListsUnresolvedForThoseWhoMaySee(t *testing.T) {
	t.Parallel()
	b := setup(t)
	open := b.create(t, b.ownerA, Draft{ClientID: b.clientA, Kind: Complaint, Severity: High, Body: "late delivery"})
	done := b.create(t, b.ownerA, Draft{ClientID: b.clientA, Kind: Request, Severity: Low, Body: "price list"})
	if _, err := b.store.Resolve(b.ctx, b.ownerA, done.ID, "sent", 0); err != nil {
		t.Fatal(err)
	}
	read := func(actor access.Actor) []Feedback {
		var out []Feedback
		batch := &pgx.Batch{}
		b.store.QueueOpen(batch, actor, b.clientA, &out)
		if err := b.pool.SendBatch(b.ctx, batch).Close(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := read(b.mateA); len(got) != 1 || got[0].ID != open.ID || got[0].AssigneeID != b.ownerA.StaffID {
		t.Fatalf("teammate reads %+v, want only #%d", got, open.ID)
	}
	if got := read(b.salesB); len(got) != 0 {
		t.Fatalf("another team reads %d records", len(got))
	}
}
