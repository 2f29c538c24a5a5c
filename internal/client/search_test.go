package client

import (
	"fmt"
	"testing"
)

// searchFixture is a small ledger: in team A 华为科技有限公司 (contact 张伟,
// 13800138000), Acme Trading Co., Ltd., 华为 and 深圳华为电子有限公司; in
// team B 小米科技有限责任公司 and another Acme.
type searchFixture struct {
	*bundle
	huawei, acme, shortHuawei, shenzhen, xiaomi, acmeB int64
}

func newSearchFixture(t *testing.T) searchFixture {
	b := setup(t)
	return searchFixture{
		bundle: b,
		huawei: b.create(t, b.salesA, Draft{Name: "华为科技有限公司",
			Contact: &ContactDraft{Name: "张伟", Phone: "138-0013-8000"}}).ID,
		acme:        b.create(t, b.salesA, Draft{Name: "Acme Trading Co., Ltd."}).ID,
		shortHuawei: b.create(t, b.salesA2, Draft{Name: "华为"}).ID,
		shenzhen:    b.create(t, b.salesA, Draft{Name: "深圳华为电子有限公司"}).ID,
		xiaomi:      b.create(t, b.sales, Draft{Name: "小米科技有限责任公司"}).ID,
		acmeB:       b.create(t, b.sales, Draft{Name: "ACME Logistics"}).ID,
	}
}

func TestSearchFindsClientsByEveryForm(t *testing.T) {
	t.Parallel()
	f := newSearchFixture(t)
	cases := []struct {
		q      string
		want   int64
		reason string
	}{
		{"华为", f.huawei, "name"},
		{"为", f.huawei, "name"},
		{"科技", f.huawei, "name"},
		{"华为科技", f.huawei, "name"},
		{"为科技", f.huawei, "name"},
		{"华为科技有限公司", f.huawei, "name"},
		{"华为公司", f.huawei, "name"},
		{"华为科技有限", f.huawei, "name"},
		{"科技股份", f.huawei, "name"},
		{"hwkj", f.huawei, "initials"},
		{"HWKJ", f.huawei, "initials"},
		{"huawei", f.huawei, "pinyin"},
		{"huaweikeji", f.huawei, "pinyin"},
		{"huawei keji", f.huawei, "pinyin"},
		{"keji", f.huawei, "pinyin"},
		{"Huawei", f.huawei, "pinyin"},
		{"ＨＵＡＷＥＩ", f.huawei, "pinyin"},
		{"Huawie", f.huawei, "fuzzy"},
		{"张伟", f.huawei, "contact"},
		{"zhangwei", f.huawei, "contact"},
		{"13800138", f.huawei, "phone"},
		{"138 0013 8000", f.huawei, "phone"},
		{"+86 13800138000", f.huawei, "phone"},
		{"8000", f.huawei, "phone"},
		{"acme", f.acme, "name"},
		{"Acm", f.acme, "name"},
		{"ACME TRADING", f.acme, "name"},
		{"trading", f.acme, "name"},
		{"acme tradng", f.acme, "fuzzy"},
		{"acne trading", f.acme, "fuzzy"},
		{"深圳", f.shenzhen, "name"},
		{"szhwdz", f.shenzhen, "initials"},
	}
	for _, c := range cases {
		got, err := f.store.Search(f.ctx, f.salesA, c.q, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", c.q, err)
			continue
		}
		found := false
		for _, m := range got {
			if m.ClientID == c.want {
				found = true
				if m.Reason != c.reason || !m.Visible {
					t.Errorf("Search(%q): reason %q visible %v, want %q", c.q, m.Reason, m.Visible, c.reason)
				}
			}
		}
		if !found {
			t.Errorf("Search(%q) = %s, want client %d among them", c.q, names(got), c.want)
		}
	}
}

func TestSearchNeverShowsAnotherTeamsClientsToSales(t *testing.T) {
	t.Parallel()
	f := newSearchFixture(t)
	for _, q := range []string{"小米", "米", "xiaomi", "xmkj", "科技", "acme", "ACME Logistcs", "logistics"} {
		got, err := f.store.Search(f.ctx, f.salesA, q, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range got {
			if m.TeamID != f.teamA {
				t.Errorf("sales of team A searching %q found %q of team %d", q, m.Name, m.TeamID)
			}
		}
	}
	for _, who := range []struct {
		name  string
		actor func() []Match
	}{
		{"team B's salesperson", func() []Match { m, _ := f.store.Search(f.ctx, f.sales, "小米", 10); return m }},
		{"the admin", func() []Match { m, _ := f.store.Search(f.ctx, f.admin, "小米", 10); return m }},
	} {
		if got := who.actor(); len(got) != 1 || got[0].ClientID != f.xiaomi {
			t.Errorf("%s searching 小米 = %s, want 小米科技", who.name, names(got))
		}
	}
}

func TestSearchPutsTheBestMatchFirst(t *testing.T) {
	t.Parallel()
	f := newSearchFixture(t)
	zhang := f.create(t, f.salesA, Draft{Name: "张伟贸易"}).ID
	cases := []struct {
		q    string
		want []int64
	}{
		// The exact name, then the name that starts with the query, then the
		// one that has it inside.
		{"华为", []int64{f.shortHuawei, f.huawei, f.shenzhen}},
		{"huawei", []int64{f.shortHuawei, f.huawei, f.shenzhen}},
		// A hit on the name beats a hit on a contact.
		{"张伟", []int64{zhang, f.huawei}},
		{"zhangwei", []int64{zhang, f.huawei}},
	}
	for _, c := range cases {
		got, err := f.store.Search(f.ctx, f.salesA, c.q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.want) {
			t.Errorf("Search(%q) = %s, want %d matches", c.q, names(got), len(c.want))
			continue
		}
		for i, id := range c.want {
			if got[i].ClientID != id {
				t.Errorf("Search(%q) = %s, want client %d at %d", c.q, names(got), id, i)
			}
			if i > 0 && got[i].Score > got[i-1].Score {
				t.Errorf("Search(%q): scores not descending: %v", c.q, got)
			}
		}
	}
	// The admin sees both teams' Acmes.
	got, _ := f.store.Search(f.ctx, f.admin, "acme", 10)
	if len(got) != 2 || got[0].ClientID != f.acme || got[1].ClientID != f.acmeB {
		t.Errorf("admin Search(acme) = %s, want Acme Trading then ACME Logistics", names(got))
	}
	if got, _ := f.store.Search(f.ctx, f.salesA, "华为", 2); len(got) != 2 {
		t.Errorf("limit 2 returned %d matches", len(got))
	}
	if got, _ := f.store.Search(f.ctx, f.salesA, " ，。", 10); len(got) != 0 {
		t.Errorf("punctuation query found %s", names(got))
	}
}

func names(ms []Match) string {
	s := "["
	for i, m := range ms {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%d %s (%s %.3f)", m.ClientID, m.Name, m.Reason, m.Score)
	}
	return s + "]"
}
