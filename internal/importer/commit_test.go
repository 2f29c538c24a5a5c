package importer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestEachDuplicatePolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		dup                     DupPolicy
		clients                 int
		industry, region, phone string
		contacts                int
	}{
		{DupSkip, 1, "", "深圳", "", 1},
		{DupFill, 1, "通信", "深圳", "", 2},
		{DupOverwrite, 1, "通信", "北京", "", 2},
		{DupCreate, 2, "", "深圳", "", 1},
	} {
		t.Run(string(tc.dup), func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			hw := b.client(t, client.Draft{Name: "华为技术有限公司", Region: "深圳",
				Contact: &client.ContactDraft{Name: "任总", Phone: "13800138000"}})
			data := csvFile([]string{"客户名称", "行业", "地区", "联系人", "电话"},
				[]string{"华为技术", "通信", "北京", "余总", "13900000009"})
			imp := b.commit(t, b.checked(t, "a.csv", data, OwnersError), tc.dup)
			if n := b.count(t, `SELECT count(*) FROM clients`); n != tc.clients {
				t.Errorf("%d clients, want %d", n, tc.clients)
			}
			got, err := b.clients.Get(b.ctx, b.mgrA, hw.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Industry != tc.industry || got.Region != tc.region {
				t.Errorf("existing client industry %q region %q, want %q %q", got.Industry, got.Region, tc.industry, tc.region)
			}
			if n := b.count(t, `SELECT count(*) FROM contacts WHERE client_id = $1`, hw.ID); n != tc.contacts {
				t.Errorf("%d contacts on the existing client, want %d", n, tc.contacts)
			}
			if tc.dup == DupFill || tc.dup == DupOverwrite {
				n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1
					AND action = 'update' AND actor_id = $2 AND (changes ->> 'import')::bigint = $3`, hw.ID, b.mgrA.StaffID, imp.ID)
				if n != 1 {
					t.Errorf("%d audited updates in the import's name, want 1", n)
				}
			}
		})
	}
}

// bigFile is n clients, each with a contact.
func bigFile(n int) []byte {
	rows := [][]string{{"客户名称", "客户等级", "联系人", "电话"}}
	for i := range n {
		rows = append(rows, []string{fmt.Sprintf("测试客户%05d", i), "B", fmt.Sprintf("联系人%d", i), fmt.Sprintf("137%08d", i)})
	}
	return csvFile(rows...)
}

// stopAfter cancels the run after n batches, as a crash between batches.
type stopAfter struct {
	n        int32
	cancel   context.CancelFunc
	batches  atomic.Int32
	finished atomic.Int32
}

func (s *stopAfter) Progress(context.Context, Import) {
	if s.batches.Add(1) == s.n && s.cancel != nil {
		s.cancel()
	}
}

func (s *stopAfter) Finished(context.Context, Import) { s.finished.Add(1) }

func TestRunResumesAfterACrashWithoutDoubling(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.store.batch = 100
	rows := &rowCounter{n: map[string]int{}}
	b.store.WithRows(rows)
	imp := b.checked(t, "big.csv", bigFile(1050), OwnersError)
	if _, err := b.store.Confirm(b.ctx, b.mgrA, imp.ID, DupSkip); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(b.ctx)
	p := &stopAfter{n: 3, cancel: cancel}
	if err := b.store.RunPending(ctx, "replica-1", 2*time.Second, p); err == nil {
		t.Fatal("the cancelled run returned no error")
	}
	if n := b.count(t, `SELECT count(*) FROM clients`); n != 300 {
		t.Fatalf("%d clients after 3 batches, want 300", n)
	}
	// Another replica cannot take it while the lease holds ...
	if err := b.store.RunPending(b.ctx, "replica-2", time.Minute, p); err != nil {
		t.Fatal(err)
	}
	if n := b.count(t, `SELECT count(*) FROM clients`); n != 300 {
		t.Fatalf("%d clients: the lease did not hold", n)
	}
	// ... and resumes it once the lease expired.
	time.Sleep(2500 * time.Millisecond)
	if err := b.store.RunPending(b.ctx, "replica-2", time.Minute, p); err != nil {
		t.Fatal(err)
	}
	imp, err := b.store.Get(b.ctx, b.mgrA, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Status != Done || imp.Done != 1050 || imp.Total != 1050 || imp.Summary.Created != 1050 || imp.Summary.Contacts != 1050 {
		t.Errorf("import %s done %d/%d summary %+v", imp.Status, imp.Done, imp.Total, imp.Summary)
	}
	for sql, want := range map[string]int{
		`SELECT count(*) FROM clients`:                                                      1050,
		`SELECT count(DISTINCT norm_name) FROM clients`:                                     1050,
		`SELECT count(*) FROM contacts WHERE is_primary`:                                    1050,
		`SELECT count(*) FROM audit_log WHERE entity = 'client' AND action = 'create'`:      1050,
		`SELECT count(*) FROM import_rows WHERE applied_at IS NULL`:                         0,
		`SELECT count(DISTINCT client_id) FROM client_terms`:                                1050,
		`SELECT count(*) FROM clients WHERE next_review_on = '2026-05-09' AND tier = 'key'`: 1050, // key: 60 days from 2026-03-10
	} {
		if n := b.count(t, sql); n != want {
			t.Errorf("%s: %d, want %d", sql, n, want)
		}
	}
	if p.finished.Load() != 1 {
		t.Errorf("finished %d times", p.finished.Load())
	}
	// The operator's count: each row once, the batch the crash rolled back
	// not at all.
	if got := rows.get(); len(got) != 1 || got["created"] != 1050 {
		t.Errorf("rows observed %v, want created 1050", got)
	}
}

// rowCounter is a RowObserver that remembers what it was told.
type rowCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *rowCounter) ImportRows(result string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[result] += n
}

func (c *rowCounter) get() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

// A crash after a batch committed and before the indexer wrote its keys:
// the resumed run writes them before it calls the import done.
func TestResumeWritesTheKeysACrashLost(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.store.batch = 100
	imp := b.checked(t, "big.csv", bigFile(450), OwnersError)
	if _, err := b.store.Confirm(b.ctx, b.mgrA, imp.ID, DupSkip); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(b.ctx)
	if err := b.store.RunPending(ctx, "replica-1", time.Second, &stopAfter{n: 2, cancel: cancel}); err == nil {
		t.Fatal("the cancelled run returned no error")
	}
	// The keys of the batches after the first are lost with the crash (the
	// indexer may have been a batch or two behind, and is not waited for).
	var indexed int
	if err := b.pool.QueryRow(b.ctx, `SELECT coalesce((SELECT seq FROM import_indexed WHERE import_id = $1), 0)`,
		imp.ID).Scan(&indexed); err != nil {
		t.Fatal(err)
	}
	indexed = min(indexed, 100)
	lost := `SELECT client_id FROM import_rows WHERE import_id = $1 AND seq > $2 AND applied_at IS NOT NULL`
	if _, err := b.pool.Exec(b.ctx, `DELETE FROM client_terms WHERE client_id IN (`+lost+`)`, imp.ID, indexed); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(b.ctx, `INSERT INTO import_indexed (import_id, seq) VALUES ($1, $2)
		ON CONFLICT (import_id) DO UPDATE SET seq = $2`, imp.ID, indexed); err != nil {
		t.Fatal(err)
	}
	if n := b.count(t, `SELECT count(*) FROM (`+lost+`) x`, imp.ID, indexed); n < 100 {
		t.Fatalf("%d rows applied without their keys, want at least the second batch", n)
	}
	time.Sleep(1500 * time.Millisecond) // the lease expires
	p := &stopAfter{}
	if err := b.store.RunPending(b.ctx, "replica-2", time.Minute, p); err != nil {
		t.Fatal(err)
	}
	for sql, want := range map[string]int{
		`SELECT count(DISTINCT client_id) FROM client_terms`:                                                      450,
		`SELECT count(*) FROM clients c WHERE NOT EXISTS (SELECT 1 FROM client_terms t WHERE t.client_id = c.id)`: 0,
		`SELECT seq FROM import_indexed`:                                                                          450,
	} {
		if n := b.count(t, sql); n != want {
			t.Errorf("%s: %d, want %d", sql, n, want)
		}
	}
	for _, q := range []string{"测试客户00150", "联系人150", "13700000150"} {
		ms, err := b.clients.Search(b.ctx, b.mgrA, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].Name != "测试客户00150" {
			t.Errorf("search %q after the resume: %+v", q, ms)
		}
	}
	if p.finished.Load() != 1 {
		t.Errorf("finished %d times", p.finished.Load())
	}
}

func TestConcurrentRunnersApplyEachRowOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.store.batch = 50
	imp := b.checked(t, "big.csv", bigFile(400), OwnersError)
	if _, err := b.store.Confirm(b.ctx, b.mgrA, imp.ID, DupSkip); err != nil {
		t.Fatal(err)
	}
	p := &stopAfter{}
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.store.RunPending(b.ctx, fmt.Sprint("replica-", i), time.Minute, p); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := b.count(t, `SELECT count(*) FROM clients`); n != 400 {
		t.Errorf("%d clients, want 400", n)
	}
	if n := b.count(t, `SELECT count(*) FROM contacts`); n != 400 {
		t.Errorf("%d contacts, want 400", n)
	}
	if p.finished.Load() != 1 {
		t.Errorf("finished %d times, want once", p.finished.Load())
	}
}

// A ledger kept in 万元: a bare number under 合同金额（万元） is 10,000
// yuan a unit; a cell with its own unit keeps it; too many places refuse.
func TestDealAmountsInAWanYuanColumnAreScaled(t *testing.T) {
	t.Parallel()
	b := setup(t)
	data := xlsxFile(t,
		xsheet{"客户", [][]string{{"客户名称"}, {"杭州云栖数据有限公司"}}},
		xsheet{"合作记录", [][]string{{"客户名称", "成交日期", "合同金额（万元）", "说明"},
			{"杭州云栖数据有限公司", "2025-12-01", "12", "年度框架"},
			{"杭州云栖数据有限公司", "2025-12-02", "0.35", "加购"},
			{"杭州云栖数据有限公司", "2025-12-03", "8000元", "写明了单位"},
			{"杭州云栖数据有限公司", "2025-12-04", "0.0000001", "不到一分钱"}}},
	)
	imp := b.checked(t, "ledger.xlsx", data, OwnersError)
	if r := imp.Report; r.Deals != 3 || r.Errors != 1 {
		t.Fatalf("report %s", fmtReport(r))
	}
	b.commit(t, imp, DupSkip)
	rows, err := b.pool.Query(b.ctx, `SELECT amount::text FROM deals ORDER BY deal_on`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"120000.00", "3500.00", "8000.00"}; !slices.Equal(got, want) {
		t.Errorf("amounts %v, want %v", got, want)
	}
}

func TestWorkbookWithContactsDealsAndVisits(t *testing.T) {
	t.Parallel()
	b := setup(t)
	existing := b.client(t, client.Draft{Name: "老客户有限公司"})
	data := xlsxFile(t,
		xsheet{"客户", [][]string{{"客户名称", "行业", "负责人"}, {"北京星辰科技有限公司", "软件", "张伟"}}},
		xsheet{"联系人", [][]string{{"客户名称", "联系人", "职务", "手机"},
			{"北京星辰科技有限公司", "周明", "总经理", "13911112222"},
			{"老客户", "吴芳", "采购", "13933334444"},
			{"不存在公司", "某人", "", ""}}},
		xsheet{"合作记录", [][]string{{"客户名称", "成交日期", "金额", "说明"},
			{"北京星辰科技有限公司", "2025-12-01", "¥1,234.50", "首单"},
			{"老客户", "2025/11/3", "1.2万", ""}}},
		xsheet{"拜访记录", [][]string{{"客户名称", "拜访日期", "方式", "内容"},
			{"北京星辰科技有限公司", "2026-01-20", "电话", "回访"}}},
	)
	imp := b.checked(t, "ledger.xlsx", data, OwnersError)
	r := imp.Report
	if r.Create != 1 || r.Contacts != 2 || r.Deals != 2 || r.Visits != 1 || r.Errors != 1 {
		t.Fatalf("report %s (sheets %+v)", fmtReport(r), imp.Sheets)
	}
	imp = b.commit(t, imp, DupSkip)
	var id int64
	var stage string
	var last time.Time
	if err := b.pool.QueryRow(b.ctx, `SELECT id, stage, last_contact_at FROM clients WHERE name = '北京星辰科技有限公司'`).
		Scan(&id, &stage, &last); err != nil {
		t.Fatal(err)
	}
	if stage != "new" || !last.Equal(time.Date(2026, 1, 20, 0, 0, 0, 0, b.clients.Location())) {
		t.Errorf("stage %s last contact %v", stage, last)
	}
	if n := b.count(t, `SELECT count(*) FROM deals WHERE client_id = $1 AND amount = 1234.50`, id); n != 1 {
		t.Errorf("deal of the new client: %d", n)
	}
	if n := b.count(t, `SELECT count(*) FROM deals WHERE client_id = $1 AND amount = 12000`, existing.ID); n != 1 {
		t.Errorf("deal of the existing client: %d", n)
	}
	if n := b.count(t, `SELECT count(*) FROM contacts WHERE client_id = $1 AND is_primary`, existing.ID); n != 1 {
		t.Errorf("contact of the existing client: %d", n)
	}
	// Search finds the imported client in every kind.
	for _, q := range []string{"星辰", "北京星辰科技", "xingchen", "bjxc", "周明", "zhouming", "13911112222", "2222"} {
		ms, err := b.clients.Search(b.ctx, b.salesA, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].ClientID != id {
			t.Errorf("search %q: %+v, want client %d first", q, ms, id)
		}
	}
	ds, err := b.clients.Duplicates(b.ctx, b.salesA, "北京星辰科技", "")
	if err != nil || len(ds) == 0 || ds[0].ClientID != id {
		t.Errorf("duplicates: %+v %v", ds, err)
	}
	// The same file again changes nothing.
	again := b.checked(t, "ledger.xlsx", data, OwnersError)
	again = b.commit(t, again, DupFill)
	if s := again.Summary; s.Created != 0 || s.Contacts != 0 || s.Deals != 0 || s.Visits != 0 {
		t.Errorf("second import summary %+v, want nothing added", s)
	}
}
