package visit

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestQueueCardGivesNewestVisitsAndNextFollowUpToThoseWhoMaySee(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for i, notes := range []string{"first", "second", "third"} {
		b.clock.set(time.Date(2026, 11, 23, 10+i, 0, 0, 0, shanghai))
		d := Draft{ClientID: b.client, Kind: Phone, Notes: notes}
		if i == 2 { // a later visit by the same author would close it
			d.FollowUpOn = ptr(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
		}
		b.log(t, b.mate, d)
	}
	read := func(actor access.Actor) ([]Visit, *FollowUp) {
		var vs []Visit
		var next *FollowUp
		batch := &pgx.Batch{}
		b.store.QueueCard(batch, actor, b.client, 2, &vs, &next)
		if err := b.pool.SendBatch(b.ctx, batch).Close(); err != nil {
			t.Fatal(err)
		}
		return vs, next
	}
	vs, next := read(b.sales)
	if len(vs) != 2 || vs[0].Notes != "third" || vs[1].Notes != "second" {
		t.Fatalf("newest two = %+v", vs)
	}
	if next == nil || next.Due.Format(time.DateOnly) != "2026-11-30" {
		t.Fatalf("next follow-up = %+v", next)
	}
	vs, next = read(b.outsider)
	if len(vs) != 0 || next != nil {
		t.Fatalf("another team sees %d visits and follow-up %+v", len(vs), next)
	}
}
