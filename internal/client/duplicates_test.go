package client

import "testing"

func TestDuplicatesFindsLikelySameCompany(t *testing.T) {
	t.Parallel()
	b := setup(t)
	huawei := b.create(t, b.salesA, Draft{Name: "华为技术有限公司",
		Contact: &ContactDraft{Name: "张伟", Phone: "+86 138 0013 8000"}}).ID
	acme := b.create(t, b.salesA, Draft{Name: "Acme Trading Co., Ltd."}).ID
	secret := b.create(t, b.sales, Draft{Name: "小米科技有限责任公司"}).ID
	cases := []struct {
		name        string
		query       string
		phone       string
		want        int64
		reason      string
		visible     bool
		wantNothing bool
	}{
		{"same name without the legal form", "华为技术", "", huawei, "name", true, false},
		{"same name with another legal form and spaces", "华为 技术 股份有限公司", "", huawei, "name", true, false},
		{"full-width Latin, other legal form", "ＡＣＭＥ trading inc.", "", acme, "name", true, false},
		{"typo in a Latin name", "Acme Tradng Ltd", "", acme, "fuzzy", true, false},
		{"homophone of a Chinese name", "华为计术", "", huawei, "fuzzy", true, false},
		{"same phone, other punctuation", "某某公司", "13800138000", huawei, "phone", true, false},
		{"another team's client is reported without its name", "小米科技", "", secret, "name", false, false},
		{"a different company", "腾讯控股", "13900000000", 0, "", false, true},
		{"a short phone proves nothing", "某某公司", "8000", 0, "", false, true},
	}
	for _, c := range cases {
		got, err := b.store.Duplicates(b.ctx, b.salesA, c.query, c.phone)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.wantNothing {
			if len(got) != 0 {
				t.Errorf("%s: got %s, want none", c.name, names(got))
			}
			continue
		}
		if len(got) == 0 || got[0].ClientID != c.want || got[0].Reason != c.reason || got[0].Visible != c.visible {
			t.Errorf("%s: got %s, want client %d first (%s, visible %v)", c.name, names(got), c.want, c.reason, c.visible)
			continue
		}
		m := got[0]
		if !m.Visible && (m.Name != "" || m.OwnerName != "" || m.Tier != "" || m.Stage != "") {
			t.Errorf("%s: invisible match leaks %+v", c.name, m)
		}
		if m.Visible && m.Name == "" {
			t.Errorf("%s: visible match without name", c.name)
		}
	}
	// The admin sees every duplicate with its name.
	got, err := b.store.Duplicates(b.ctx, b.admin, "小米科技", "")
	if err != nil || len(got) != 1 || !got[0].Visible || got[0].Name != "小米科技有限责任公司" {
		t.Fatalf("admin duplicates %s, %v", names(got), err)
	}
}
