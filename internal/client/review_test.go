package client

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func reviewOn(c Client) string {
	if c.NextReviewOn == nil {
		return ""
	}
	return c.NextReviewOn.Format(time.DateOnly)
}

func TestMarkReviewedSetsTheNextDateFromTodayAndAudits(t *testing.T) {
	t.Parallel()
	b := setup(t) // 2026-03-10 10:00 Shanghai
	// Created due 2026-05-09 (today + 60).
	c := b.create(t, b.salesA, Draft{Name: "华东机械", Tier: "key"})
	b.now = b.now.AddDate(0, 0, 10)
	got, err := b.store.MarkReviewed(b.ctx, b.salesA, c.ID, 60)
	if err != nil || reviewOn(got) != "2026-05-19" || !got.UpdatedAt.Equal(b.now) {
		t.Fatalf("MarkReviewed = %s (updated %v), %v; want 2026-05-19", reviewOn(got), got.UpdatedAt, err)
	}
	entries, err := audit.List(b.ctx, b.pool, "client", c.ID, 1)
	if err != nil || len(entries) != 1 || entries[0].Action != "review" || entries[0].ActorID != b.salesA.StaffID {
		t.Fatalf("audit %+v %v", entries, err)
	}
	ch, _ := entries[0].Changes["next_review_on"].(map[string]any)
	if ch["from"] != "2026-05-09" || ch["to"] != "2026-05-19" {
		t.Fatalf("audit change %v", entries[0].Changes)
	}
	// Pressed again the same day: nothing moves, nothing is written.
	before := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1`, c.ID)
	if _, err := b.store.MarkReviewed(b.ctx, b.salesA, c.ID, 60); err != nil {
		t.Fatal(err)
	}
	if after := b.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1`, c.ID); after != before {
		t.Fatalf("%d audit entries after a repeat, want %d", after, before)
	}
}

func TestMarkReviewedMovesAnOverdueReviewAndDefaultsToTheTiersCadence(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华东机械"}) // normal: due 2026-06-08
	b.now = time.Date(2026, 6, 20, 9, 0, 0, 0, b.now.Location())
	got, err := b.store.MarkReviewed(b.ctx, b.mgrA, c.ID, 0)
	if err != nil || reviewOn(got) != "2026-09-18" {
		t.Fatalf("MarkReviewed = %s, %v; want 2026-09-18 (today + 90)", reviewOn(got), err)
	}
	entries, _ := audit.List(b.ctx, b.pool, "client", c.ID, 1)
	ch, _ := entries[0].Changes["next_review_on"].(map[string]any)
	if entries[0].Action != "review" || ch["from"] != "2026-06-08" || ch["to"] != "2026-09-18" {
		t.Fatalf("audit %s %v", entries[0].Action, entries[0].Changes)
	}
	if _, err := b.store.MarkReviewed(b.ctx, b.salesA, c.ID, 5000); !errors.Is(err, ErrInvalid) {
		t.Fatalf("cadence 5000: %v", err)
	}
}

func TestReviewDatesCountFromTodayInTheTeamsZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华东机械"})
	// 23:30 UTC on March 10 is 07:30 on March 11 in Shanghai.
	b.now = time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
	got, err := b.store.MarkReviewed(b.ctx, b.salesA, c.ID, 30)
	if err != nil || reviewOn(got) != "2026-04-10" {
		t.Fatalf("MarkReviewed = %s, %v; want 2026-04-10", reviewOn(got), err)
	}
	got, err = b.store.Snooze(b.ctx, b.salesA, c.ID, 60)
	if err != nil || reviewOn(got) != "2026-05-10" {
		t.Fatalf("Snooze = %s, %v; want 2026-05-10", reviewOn(got), err)
	}
}

func TestSnoozeOnlyPutsTheReviewOff(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华东机械", Tier: "strategic"}) // due 2026-04-09
	b.now = time.Date(2026, 4, 12, 9, 0, 0, 0, b.now.Location())
	got, err := b.store.Snooze(b.ctx, b.salesA, c.ID, 7)
	if err != nil || reviewOn(got) != "2026-04-19" {
		t.Fatalf("Snooze = %s, %v; want 2026-04-19", reviewOn(got), err)
	}
	entries, _ := audit.List(b.ctx, b.pool, "client", c.ID, 1)
	ch, _ := entries[0].Changes["next_review_on"].(map[string]any)
	if entries[0].Action != "snooze" || ch["from"] != "2026-04-09" || ch["to"] != "2026-04-19" {
		t.Fatalf("audit %s %v", entries[0].Action, entries[0].Changes)
	}
	// Reviewed, then an old reminder's snooze pressed: the later date stays.
	if _, err := b.store.MarkReviewed(b.ctx, b.salesA, c.ID, 30); err != nil {
		t.Fatal(err)
	}
	got, err = b.store.Snooze(b.ctx, b.salesA, c.ID, 7)
	if err != nil || reviewOn(got) != "2026-05-12" {
		t.Fatalf("Snooze after review = %s, %v; want 2026-05-12 kept", reviewOn(got), err)
	}
	for _, days := range []int{0, -1, 4000} {
		if _, err := b.store.Snooze(b.ctx, b.salesA, c.ID, days); !errors.Is(err, ErrInvalid) {
			t.Errorf("Snooze %d days: %v, want ErrInvalid", days, err)
		}
	}
}

func TestReviewButtonsFollowTheEditRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "华东机械"})
	cases := []struct {
		name  string
		actor access.Actor
		err   error
	}{
		{"owner", b.salesA, nil},
		{"teammate sees but may not change", b.salesA2, access.ErrForbidden},
		{"manager of the team", b.mgrA, nil},
		{"other team", b.sales, ErrNotFound},
		{"admin", b.admin, nil},
	}
	for _, tc := range cases {
		_, err1 := b.store.MarkReviewed(b.ctx, tc.actor, c.ID, 30)
		_, err2 := b.store.Snooze(b.ctx, tc.actor, c.ID, 7)
		for _, err := range []error{err1, err2} {
			if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
			}
		}
	}
	if _, err := b.store.Snooze(b.ctx, b.admin, 999999, 7); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing client: %v", err)
	}
}
