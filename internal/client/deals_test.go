package client

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"12500", "12500.00", true},
		{"12,500.5", "12500.50", true},
		{"￥3000", "3000.00", true},
		{"３０００元", "3000.00", true},
		{"12，500", "12500.00", true}, // the full-width comma of a Chinese keyboard
		{".5", "0.50", true},
		{"1000000000000", "1000000000000.00", true},
		{"1000000000000.01", "", false},
		{"0", "", false},
		{"0.00", "", false},
		{"-5", "", false},
		{"1.234", "", false},
		{"12a", "", false},
		{"", "", false},
		{".", "", false},
		{"1e5", "", false},
		{"99999999999999999999999", "", false},
	}
	for _, c := range cases {
		got, err := ParseAmount(c.in)
		if c.ok != (err == nil) || got != c.want {
			t.Errorf("ParseAmount(%q) = %q, %v; want %q ok=%v", c.in, got, err, c.want, c.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseAmount(%q): %v is not ErrInvalid", c.in, err)
		}
	}
}

func TestAddDealMakesAPotentialClientNew(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技"})
	day := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	d, created, err := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day, Amount: "12,500", Description: "首单"}, 9)
	if err != nil || !created || d.Amount != "12500.00" || !d.DealOn.Equal(day) || d.CreatedBy != b.salesA.StaffID {
		t.Fatalf("deal %+v created=%v err=%v", d, created, err)
	}
	got, _ := b.store.Get(b.ctx, b.salesA, c.ID)
	if got.Stage != "new" {
		t.Fatalf("stage %q after the first deal, want new", got.Stage)
	}
	entries, _ := audit.List(b.ctx, b.pool, "client", c.ID, 1)
	if len(entries) != 1 || entries[0].Changes["stage"] == nil {
		t.Fatalf("stage change not audited: %+v", entries)
	}
	if n := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'deal' AND entity_id = $1`, d.ID); n != 1 {
		t.Fatalf("%d deal audit entries", n)
	}
	again, created, err := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day, Amount: "12,500"}, 9)
	if err != nil || created || again.ID != d.ID {
		t.Fatalf("repeat: %+v %v %v", again, created, err)
	}
	// An active client stays active.
	if _, err := b.store.Update(b.ctx, b.salesA, c.ID, Patch{"stage", "active"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day, Amount: "1"}, 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.store.Get(b.ctx, b.salesA, c.ID); got.Stage != "active" {
		t.Fatalf("stage %q, want active", got.Stage)
	}
}

func TestAddDealChecksAccessAndInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技"})
	day := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		actor access.Actor
		d     DealDraft
		err   error
	}{
		{"teammate", b.salesA2, DealDraft{DealOn: day, Amount: "1"}, access.ErrForbidden},
		{"other team", b.sales, DealDraft{DealOn: day, Amount: "1"}, ErrNotFound},
		{"no date", b.salesA, DealDraft{Amount: "1"}, ErrInvalid},
		{"zero amount", b.salesA, DealDraft{DealOn: day, Amount: "0"}, ErrInvalid},
		{"three decimals", b.salesA, DealDraft{DealOn: day, Amount: "1.005"}, ErrInvalid},
	}
	for _, tc := range cases {
		if _, _, err := b.store.AddDeal(b.ctx, tc.actor, c.ID, tc.d, 0); !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM deals`); n != 0 {
		t.Fatalf("%d deals written", n)
	}
}

func TestDealsPagesNewestFirst(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华为科技"})
	for i := 1; i <= 5; i++ {
		day := time.Date(2026, 1, i, 0, 0, 0, 0, time.UTC)
		if _, _, err := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day, Amount: "100"}, 0); err != nil {
			t.Fatal(err)
		}
	}
	page, total, err := b.store.Deals(b.ctx, b.salesA2, c.ID, 2, 1)
	if err != nil || total != 5 || len(page) != 2 {
		t.Fatalf("page %v total %d err %v", page, total, err)
	}
	if page[0].DealOn.Day() != 4 || page[1].DealOn.Day() != 3 {
		t.Fatalf("page holds %v and %v, want Jan 4 and Jan 3", page[0].DealOn, page[1].DealOn)
	}
	if _, _, err := b.store.Deals(b.ctx, b.sales, c.ID, 10, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other team: %v", err)
	}
}
