package importer

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestUndoRemovesWhatNobodyTouchedAndRestoresOverwrites(t *testing.T) {
	t.Parallel()
	b := setup(t)
	hw := b.client(t, client.Draft{Name: "华为技术有限公司", Region: "深圳"})
	data := csvFile([]string{"客户名称", "地区", "联系人", "电话"},
		[]string{"华为技术", "北京", "余总", "13900000009"},
		[]string{"甲公司", "上海", "", ""},
		[]string{"乙公司", "广州", "", ""},
		[]string{"丙公司", "杭州", "", ""})
	imp := b.commit(t, b.checked(t, "a.csv", data, OwnersError), DupOverwrite)
	if s := imp.Summary; s.Created != 3 || s.Updated != 1 || s.Contacts != 1 {
		t.Fatalf("summary %+v", s)
	}
	if _, err := b.store.Undo(b.ctx, b.salesA, imp.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("sales undo: %v, want ErrNotFound", err)
	}
	// After the import, someone edits 乙公司 and logs a change on 华为's region.
	b.now = b.now.Add(time.Hour)
	var yi, bing int64
	b.pool.QueryRow(b.ctx, `SELECT id FROM clients WHERE name = '乙公司'`).Scan(&yi)   //nolint:errcheck // the import made it; a miss fails below
	b.pool.QueryRow(b.ctx, `SELECT id FROM clients WHERE name = '丙公司'`).Scan(&bing) //nolint:errcheck // the import made it; a miss fails below
	if _, err := b.clients.Update(b.ctx, b.mgrA, yi, client.Patch{Field: "industry", Value: "物流"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.clients.AddContact(b.ctx, b.mgrA, bing, client.ContactDraft{Name: "新人"}, 0); err != nil {
		t.Fatal(err)
	}
	rep, err := b.store.Undo(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Removed != 1 || rep.Restored != 1 || rep.Contacts != 1 || len(rep.Kept) != 2 {
		t.Fatalf("undo report %+v", rep)
	}
	got, err := b.clients.Get(b.ctx, b.mgrA, hw.ID)
	if err != nil || got.Region != "深圳" {
		t.Errorf("华为 region %q (%v), want 深圳 restored", got.Region, err)
	}
	if n := b.count(t, `SELECT count(*) FROM clients`); n != 3 {
		t.Errorf("%d clients left, want 华为, 乙 and 丙", n)
	}
	if n := b.count(t, `SELECT count(*) FROM contacts WHERE client_id = $1`, hw.ID); n != 0 {
		t.Errorf("the import's contact on 华为 is still there")
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE action = 'delete' AND (changes ->> 'import')::bigint = $1`, imp.ID); n != 2 {
		t.Errorf("%d audited deletions, want 2 (a client, a contact)", n)
	}
	if ms, _ := b.clients.Search(b.ctx, b.mgrA, "甲公司", 5); len(ms) != 0 {
		t.Errorf("search still finds the removed client: %+v", ms)
	}
	again, err := b.store.Undo(b.ctx, b.admin, imp.ID)
	if err != nil || again.Removed != 1 || len(again.Kept) != 2 {
		t.Errorf("second undo %+v %v, want the first report", again, err)
	}
	imp, _ = b.store.Get(b.ctx, b.mgrA, imp.ID)
	if imp.Status != Undone {
		t.Errorf("status %s", imp.Status)
	}
}
