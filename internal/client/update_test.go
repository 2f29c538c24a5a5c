package client

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func TestGetAndUpdateFollowTheAccessRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技"})
	cases := []struct {
		name    string
		actor   access.Actor
		getErr  error
		editErr error
	}{
		{"owner reads and edits", b.salesA, nil, nil},
		{"teammate reads but may not edit", b.salesA2, nil, access.ErrForbidden},
		{"manager of the team edits", b.mgrA, nil, nil},
		{"other team neither sees nor edits", b.sales, ErrNotFound, ErrNotFound},
		{"admin edits", b.admin, nil, nil},
		{"actor without a team sees nothing", access.Actor{StaffID: b.salesA.StaffID, Role: access.Sales}, ErrNotFound, ErrNotFound},
	}
	for i, tc := range cases {
		if _, err := b.store.Get(b.ctx, tc.actor, c.ID); !errors.Is(err, tc.getErr) {
			t.Errorf("%s: Get err = %v, want %v", tc.name, err, tc.getErr)
		}
		_, err := b.store.Update(b.ctx, tc.actor, c.ID, Patch{Field: "region", Value: "华南 " + strconv.Itoa(i)})
		if !errors.Is(err, tc.editErr) || (tc.editErr == nil) != (err == nil) {
			t.Errorf("%s: Update err = %v, want %v", tc.name, err, tc.editErr)
		}
	}
	if _, err := b.store.Get(b.ctx, b.admin, 999999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing client: %v", err)
	}
}

func TestUpdateAuditsFromAndTo(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技", Tier: "normal"})
	b.now = b.now.Add(time.Hour)
	got, err := b.store.Update(b.ctx, b.salesA, c.ID, Patch{Field: "tier", Value: "key"})
	if err != nil || got.Tier != "key" || !got.UpdatedAt.Equal(b.now) {
		t.Fatalf("update: %+v %v", got, err)
	}
	entries, err := audit.List(b.ctx, b.pool, "client", c.ID, 1)
	if err != nil || len(entries) != 1 || entries[0].Action != "update" {
		t.Fatalf("audit %+v %v", entries, err)
	}
	change, _ := entries[0].Changes["tier"].(map[string]any)
	if change["from"] != "normal" || change["to"] != "key" {
		t.Fatalf("audit changes %v, want tier normal -> key", entries[0].Changes)
	}
	// The same value again changes nothing and writes nothing.
	if _, err := b.store.Update(b.ctx, b.salesA, c.ID, Patch{Field: "tier", Value: "key"}); err != nil {
		t.Fatal(err)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1`, c.ID); n != 2 {
		t.Fatalf("%d audit entries, want create + one update", n)
	}
}

func TestUpdateValidatesEachField(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技", Size: "small"})
	review := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		actor access.Actor
		patch Patch
		err   error
		check func(Client) bool
	}{
		{"size cleared", b.salesA, Patch{"size", ""}, nil, func(c Client) bool { return c.Size == "" }},
		{"size set", b.salesA, Patch{"Size", "Medium"}, nil, func(c Client) bool { return c.Size == "medium" }},
		{"bad size", b.salesA, Patch{"size", "huge"}, ErrInvalid, nil},
		{"tier cannot be empty", b.salesA, Patch{"tier", ""}, ErrInvalid, nil},
		{"stage set", b.salesA, Patch{"stage", "active"}, nil, func(c Client) bool { return c.Stage == "active" }},
		{"risk note", b.salesA, Patch{"risk_note", "拖欠货款"}, nil, func(c Client) bool { return c.RiskNote == "拖欠货款" }},
		{"next review date", b.salesA, Patch{"next_review_on", "2026-05-01"}, nil,
			func(c Client) bool { return c.NextReviewOn != nil && c.NextReviewOn.Equal(review) }},
		{"bad review date", b.salesA, Patch{"next_review_on", "05/01/2026"}, ErrInvalid, nil},
		{"review date cleared", b.salesA, Patch{"next_review_on", ""}, nil, func(c Client) bool { return c.NextReviewOn == nil }},
		{"empty name", b.salesA, Patch{"name", " "}, ErrInvalid, nil},
		{"unknown field", b.salesA, Patch{"team_id", "2"}, ErrInvalid, nil},
		{"sales cannot hand a client over", b.salesA, Patch{"owner_id", strconv.FormatInt(b.salesA2.StaffID, 10)}, access.ErrForbidden, nil},
		{"manager hands over within the team", b.mgrA, Patch{"owner_id", strconv.FormatInt(b.salesA2.StaffID, 10)}, nil,
			func(c Client) bool { return c.OwnerID == b.salesA2.StaffID && c.OwnerName == "Sales A2" }},
		{"not to another team's member", b.mgrA, Patch{"owner_id", strconv.FormatInt(b.sales.StaffID, 10)}, ErrInvalid, nil},
		{"owner id must be a number", b.mgrA, Patch{"owner_id", "x"}, ErrInvalid, nil},
	}
	for _, tc := range cases {
		got, err := b.store.Update(b.ctx, tc.actor, c.ID, tc.patch)
		if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
			continue
		}
		if tc.check != nil && !tc.check(got) {
			t.Errorf("%s: got %+v", tc.name, got)
		}
	}
}

func TestRenameKeepsSearchInSync(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技有限公司"})
	if _, err := b.store.Update(b.ctx, b.salesA, c.ID, Patch{Field: "name", Value: "腾讯控股"}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"华为": 0, "hwkj": 0, "腾讯": 1, "txkg": 1, "tengxun": 1} {
		got, err := b.store.Search(b.ctx, b.salesA, q, 10)
		if err != nil || len(got) != want {
			t.Errorf("Search(%q) after rename = %v, %v; want %d matches", q, got, err, want)
		}
	}
	if dups, _ := b.store.Duplicates(b.ctx, b.salesA, "华为科技", ""); len(dups) != 0 {
		t.Errorf("old name still a duplicate: %v", dups)
	}
}
