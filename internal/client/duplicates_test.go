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

// A typo in a short Latin name moves its trigrams too far (siemans and
// siemens are 0.45 alike), but Search corrects it: the duplicate check
// corrects it the same way.
func TestDuplicatesCatchTheTyposSearchCorrects(t *testing.T) {
	t.Parallel()
	b := setup(t)
	siemens := b.create(t, b.salesA, Draft{Name: "Siemens Ltd"}).ID
	bosch := b.create(t, b.sales, Draft{Name: "Bosch Rexroth GmbH"}).ID // team B: hidden from salesA
	b.create(t, b.salesA, Draft{Name: "华为技术有限公司"})
	cases := []struct {
		query   string
		want    int64
		visible bool
	}{
		{"Siemans Ltd", siemens, true},
		{"siemens co., ltd.", siemens, true}, // no typo: the equal name
		{"Seimens", siemens, true},           // swapped neighbours
		{"Bosh Rexroth", bosch, false},
	}
	for _, c := range cases {
		got, err := b.store.Duplicates(b.ctx, b.salesA, c.query, "")
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		var m *Match
		for i := range got {
			if got[i].ClientID == c.want {
				m = &got[i]
			}
		}
		if m == nil || m.Visible != c.visible || c.visible && m.Name == "" || !c.visible && m.Name != "" {
			t.Errorf("Duplicates(%q) = %s; want client %d (visible %v)", c.query, names(got), c.want, c.visible)
		}
		// Whatever Search (as the admin, who sees every team) corrects the
		// name to is offered as a duplicate.
		found, err := b.store.Search(b.ctx, b.admin, c.query, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			if !containsClient(got, f.ClientID) {
				t.Errorf("Search(%q) finds %d %s, Duplicates does not: %s", c.query, f.ClientID, f.Name, names(got))
			}
		}
	}
	// Names of other words get no correction, Han names none at all.
	for _, q := range []string{"Totally Different Ltd", "华为计算机", "12345"} {
		got, err := b.store.Duplicates(b.ctx, b.salesA, q, "")
		if err != nil || len(got) != 0 {
			t.Errorf("Duplicates(%q) = %s, %v; want none", q, names(got), err)
		}
	}
}

func containsClient(ms []Match, id int64) bool {
	for _, m := range ms {
		if m.ClientID == id {
			return true
		}
	}
	return false
}
