package importer

import (
	"fmt"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

// rowJSON is a ledger row as JSON text, to compare before and after.
func (b *bundle) rowJSON(t *testing.T, table string, id int64) string {
	t.Helper()
	var s string
	if err := b.pool.QueryRow(b.ctx, `SELECT to_jsonb(x)::text FROM `+table+` x WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// A file's last contact is a day: a ledger time on that day (in the team's
// zone, not UTC) is the same value, under fill and overwrite, in the dry
// run and in the commit. A date is compared as a date.
func TestSameDayIsUnchangedUnderEveryPolicy(t *testing.T) {
	t.Parallel()
	for _, dup := range []DupPolicy{DupFill, DupOverwrite} {
		t.Run(string(dup), func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			loc := b.clients.Location()
			// 00:30 in Shanghai is 16:30 UTC of the day before.
			at := time.Date(2026, 2, 21, 0, 30, 0, 0, loc)
			same := b.client(t, client.Draft{Name: "星河贸易有限公司", Industry: "贸易",
				Contact: &client.ContactDraft{Name: "王强", Phone: "13900139000"}})
			other := b.client(t, client.Draft{Name: "远山科技有限公司"})
			for _, id := range []int64{same.ID, other.ID} {
				if _, err := b.pool.Exec(b.ctx, `UPDATE clients SET last_contact_at = $2, next_review_on = '2026-04-01'
					WHERE id = $1`, id, at); err != nil {
					t.Fatal(err)
				}
			}
			before := b.rowJSON(t, "clients", same.ID)
			data := csvFile([]string{"客户编号", "客户名称", "行业", "最近联系", "下次回访", "联系人", "电话"},
				[]string{fmt.Sprint(same.ID), "星河贸易有限公司", "贸易", "2026-02-21", "2026/4/1", "王强", "13900139000"},
				// The day before in Shanghai (the UTC day of the ledger's time): a change.
				[]string{fmt.Sprint(other.ID), "远山科技有限公司", "", "2026-02-20", "2026-04-01", "", ""})
			imp := b.checked(t, "a.csv", data, OwnersError)
			r := imp.Report
			if r.Update != 2 || r.UpdateFill != 0 || r.UpdateOverwrite != 1 || r.Contacts != 0 || r.Errors != 0 {
				t.Fatalf("report %s, want 2 updates of which 0 change under fill, 1 under overwrite", fmtReport(r))
			}
			imp = b.commit(t, imp, dup)
			want := Summary{Skipped: 2}
			if dup == DupOverwrite {
				want = Summary{Updated: 1, Skipped: 1}
			}
			if imp.Summary != want {
				t.Errorf("summary %+v, want %+v", imp.Summary, want)
			}
			if after := b.rowJSON(t, "clients", same.ID); after != before {
				t.Errorf("the unchanged client changed:\nbefore %s\nafter  %s", before, after)
			}
			if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1 AND action = 'update'`,
				same.ID); n != 0 {
				t.Errorf("%d audited updates of the unchanged client", n)
			}
			var last time.Time
			if err := b.pool.QueryRow(b.ctx, `SELECT last_contact_at FROM clients WHERE id = $1`, other.ID).Scan(&last); err != nil {
				t.Fatal(err)
			}
			wantLast := at
			if dup == DupOverwrite {
				wantLast = time.Date(2026, 2, 20, 0, 0, 0, 0, loc)
			}
			if !last.Equal(wantLast) {
				t.Errorf("other client's last contact %v, want %v", last.In(loc), wantLast)
			}
		})
	}
}

// A file's visit is the same as a ledger visit of that day (in the team's
// zone), kind and notes, whatever its time: it is not added again. Another
// day or kind is another visit.
func TestFileVisitMatchesALedgerVisitOfTheSameDay(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, client.Draft{Name: "东方电气有限公司"})
	// 00:10 in Shanghai: 2026-01-31 16:10 UTC.
	at := time.Date(2026, 2, 1, 0, 10, 0, 0, b.clients.Location())
	if _, err := b.pool.Exec(b.ctx, `INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
		VALUES ($1, $2, 'onsite', '回访', $3, $3)`, c.ID, b.mgrA.StaffID, at); err != nil {
		t.Fatal(err)
	}
	data := csvFile([]string{"客户名称", "拜访日期", "方式", "内容"},
		[]string{"东方电气有限公司", "2026-02-01", "上门", "回访"}, // the ledger's visit
		[]string{"东方电气有限公司", "2026-01-31", "上门", "回访"}, // the day before (the UTC day): new
		[]string{"东方电气有限公司", "2026-02-01", "电话", "回访"}, // another kind: new
		[]string{"东方电气有限公司", "2026-02-01", "电话", "回访"}, // repeats the row before
	)
	imp := b.checked(t, "拜访记录.csv", data, OwnersError)
	if r := imp.Report; r.Visits != 2 || r.Errors != 0 {
		t.Fatalf("report %s, want 2 visits to add", fmtReport(r))
	}
	imp = b.commit(t, imp, DupSkip)
	if imp.Summary.Visits != 2 {
		t.Errorf("summary %+v, want 2 visits added", imp.Summary)
	}
	if n := b.count(t, `SELECT count(*) FROM visits WHERE client_id = $1`, c.ID); n != 3 {
		t.Errorf("%d visits, want 3", n)
	}
	if n := b.count(t, `SELECT count(*) FROM visits WHERE client_id = $1 AND kind = 'onsite'
		AND (visited_at AT TIME ZONE 'Asia/Shanghai')::date = '2026-02-01'`, c.ID); n != 1 {
		t.Errorf("%d onsite visits on 2026-02-01, want the ledger's one", n)
	}
}

// The dry run counts the contacts, deals and visits the commit really
// adds: not those the ledger holds (a contact by phone, or by name where
// one has no phone; a deal by day, amount and description; a visit by day,
// kind and notes), nor those an earlier row adds.
func TestDryRunCountsOnlyWhatTheCommitAdds(t *testing.T) {
	t.Parallel()
	for _, dup := range []DupPolicy{DupFill, DupOverwrite} {
		t.Run(string(dup), func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			loc := b.clients.Location()
			c := b.client(t, client.Draft{Name: "长城机械有限公司",
				Contact: &client.ContactDraft{Name: "李雷", Phone: "13811112222"}})
			now := b.now
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO contacts (client_id, name, position, phone, phone_digits, email, is_primary, created_at, updated_at)
					VALUES ($1, '韩梅梅', '', '', '', '', false, $2, $2)`, []any{c.ID, now}},
				{`INSERT INTO deals (client_id, deal_on, amount, description, created_by, created_at)
					VALUES ($1, '2026-01-05', 12000, '首单', $2, $3)`, []any{c.ID, b.mgrA.StaffID, now}},
				{`INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
					VALUES ($1, $2, 'phone', '报价', $3, $4)`, []any{c.ID, b.mgrA.StaffID, time.Date(2026, 1, 10, 10, 0, 0, 0, loc), now}},
			} {
				if _, err := b.pool.Exec(b.ctx, q.sql, q.args...); err != nil {
					t.Fatal(err)
				}
			}
			data := xlsxFile(t,
				xsheet{"客户", [][]string{{"客户名称", "联系人", "电话"},
					{"长城机械有限公司", "李雷", "13811112222"},  // all in the ledger
					{"新客户有限公司", "赵六", "13500001111"}}}, // new client, new contact
				xsheet{"联系人", [][]string{{"客户名称", "联系人", "职务", "手机"},
					{"长城机械有限公司", "韩梅梅", "", ""},                  // by name, neither has a phone
					{"长城机械有限公司", "李雷雷", "", "13811112222"},       // by phone
					{"长城机械有限公司", "韩梅梅", "", "13700001111"},       // by name, the ledger's has no phone
					{"长城机械有限公司", "张三", "", "13600001111"},        // new
					{"长城机械有限公司", "张三", "经理", ""},                 // the row before's, by name
					{"新客户有限公司", "赵六", "", "+86 135 0000 1111"}}}, // the clients row's
				xsheet{"合作记录", [][]string{{"客户名称", "成交日期", "金额", "说明"},
					{"长城机械有限公司", "2026-01-05", "12000", "首单"},
					{"长城机械有限公司", "2026/1/5", "1.2万", "首单"},
					{"长城机械有限公司", "2026-01-06", "12000", "首单"}, // new
					{"长城机械有限公司", "2026-01-06", "¥12,000", "首单"}}},
				xsheet{"拜访记录", [][]string{{"客户名称", "拜访日期", "方式", "内容"},
					{"长城机械有限公司", "2026-01-10", "电话", "报价"},
					{"长城机械有限公司", "2026-01-11", "电话", "报价"}}}, // new
			)
			imp := b.checked(t, "ledger.xlsx", data, OwnersError)
			r := imp.Report
			if r.Create != 1 || r.Update != 1 || r.UpdateFill != 0 || r.UpdateOverwrite != 0 || r.Errors != 0 ||
				r.Contacts != 2 || r.Deals != 1 || r.Visits != 1 {
				t.Fatalf("report %s, want 1 create, 1 unchanged update, 2 contacts, 1 deal, 1 visit", fmtReport(r))
			}
			imp = b.commit(t, imp, dup)
			s := imp.Summary
			if s.Created != 1 || s.Updated != 0 || s.Contacts != r.Contacts || s.Deals != r.Deals || s.Visits != r.Visits {
				t.Errorf("summary %+v, want what the dry run said: %s", s, fmtReport(r))
			}
			for table, want := range map[string]int{"contacts": 3, "deals": 2, "visits": 2} {
				if n := b.count(t, `SELECT count(*) FROM `+table+` WHERE client_id = $1`, c.ID); n != want {
					t.Errorf("%d %s on the existing client, want %d", n, table, want)
				}
			}
		})
	}
}
