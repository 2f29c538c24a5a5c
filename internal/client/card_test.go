package client

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestQueueCardReadsOnlyWhatTheActorMaySee(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技有限公司", Contact: &ContactDraft{Name: "张伟", Phone: "13800138000"}})
	cases := []struct {
		name      string
		actor     access.Actor
		wantFound bool
	}{
		{"owner", b.salesA, true},
		{"teammate", b.salesA2, true},
		{"admin", b.admin, true},
		{"other team", b.sales, false},
	}
	for _, tc := range cases {
		var got Client
		var contacts []Contact
		found := true
		batch := &pgx.Batch{}
		b.store.QueueCard(batch, tc.actor, c.ID, &got, &contacts, &found)
		if err := b.pool.SendBatch(b.ctx, batch).Close(); err != nil {
			t.Fatal(err)
		}
		if found != tc.wantFound {
			t.Errorf("%s: found = %v, want %v", tc.name, found, tc.wantFound)
		}
		if tc.wantFound && (got.Name != c.Name || len(contacts) != 1 || contacts[0].Name != "张伟") {
			t.Errorf("%s: card = %+v, contacts %+v", tc.name, got, contacts)
		}
		if !tc.wantFound && len(contacts) != 0 {
			t.Errorf("%s: sees %d contacts of an invisible client", tc.name, len(contacts))
		}
	}
}
