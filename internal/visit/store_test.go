package visit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

func TestLogRecordsVisitWakesSleepingClientAndAudits(t *testing.T) {
	t.Parallel()
	b := setup(t)
	lat, lon := 31.23, 121.47
	v, created, err := b.store.Log(b.ctx, b.sales, Draft{ClientID: b.client, Kind: OnSite, Notes: "  谈了新订单  ",
		Outcome: "报价已发", PhotoFileIDs: []string{"p1", "p2"}, Latitude: &lat, Longitude: &lon,
		FollowUpOn: day(2026, 12, 1)}, 0)
	if err != nil || !created {
		t.Fatalf("Log = %v, %v", created, err)
	}
	now := b.clock.now()
	if v.ClientName != "华信科技" || v.AuthorName != "Li Lei" || v.Kind != OnSite || v.Notes != "谈了新订单" ||
		v.Outcome != "报价已发" || len(v.PhotoFileIDs) != 2 || *v.Latitude != lat || !v.VisitedAt.Equal(now) ||
		!v.FollowUpOn.Equal(*day(2026, 12, 1)) || v.FollowUpDone {
		t.Fatalf("logged visit = %+v", v)
	}
	var stage string
	var last time.Time
	if err := b.pool.QueryRow(b.ctx, `SELECT stage, last_contact_at FROM clients WHERE id = $1`, b.client).Scan(&stage, &last); err != nil {
		t.Fatal(err)
	}
	if stage != "active" || !last.Equal(now) {
		t.Fatalf("client after visit: stage %q, last contact %s; want active, %s", stage, last, now)
	}
	entries, err := audit.List(b.ctx, b.pool, "visit", v.ID, 10)
	if err != nil || len(entries) != 1 || entries[0].Action != "create" || entries[0].ActorID != b.sales.StaffID {
		t.Fatalf("visit audit = %+v, %v", entries, err)
	}
	entries, err = audit.List(b.ctx, b.pool, "client", b.client, 10)
	if err != nil || len(entries) != 1 {
		t.Fatalf("client audit = %+v, %v", entries, err)
	}
	if change, _ := entries[0].Changes["stage"].(map[string]any); change["from"] != "sleeping" || change["to"] != "active" {
		t.Fatalf("client audit changes = %v, want stage sleeping -> active", entries[0].Changes)
	}
}

func TestLogNeverMovesLastContactBackwards(t *testing.T) {
	t.Parallel()
	b := setup(t)
	later := b.clock.now().Add(48 * time.Hour) // a contact already recorded with a later time
	if _, err := b.pool.Exec(b.ctx, `UPDATE clients SET last_contact_at = $2, stage = 'new' WHERE id = $1`, b.client, later); err != nil {
		t.Fatal(err)
	}
	b.log(t, b.mate, Draft{ClientID: b.client, Kind: Phone, Notes: "确认交期"})
	var stage string
	var last time.Time
	if err := b.pool.QueryRow(b.ctx, `SELECT stage, last_contact_at FROM clients WHERE id = $1`, b.client).Scan(&stage, &last); err != nil {
		t.Fatal(err)
	}
	if stage != "new" || !last.Equal(later) {
		t.Fatalf("client: stage %q, last contact %s; want new, %s", stage, last, later)
	}
}

func TestLogOnInvisibleOrMissingClientIsNotFound(t *testing.T) {
	t.Parallel()
	b := setup(t)
	d := Draft{ClientID: b.client, Kind: Phone, Notes: "hello"}
	if _, _, err := b.store.Log(b.ctx, b.outsider, d, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other team's sales: err = %v, want ErrNotFound", err)
	}
	d.ClientID = b.client + 1000
	if _, _, err := b.store.Log(b.ctx, b.sales, d, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing client: err = %v, want ErrNotFound", err)
	}
	var n int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM visits`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d visits stored, want 0", n)
	}
}

func TestLogRepeatedUpdateReturnsTheSameVisit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	d := Draft{ClientID: b.client, Kind: Phone, Notes: "called", FollowUpOn: day(2026, 11, 24)}
	first, created, err := b.store.Log(b.ctx, b.sales, d, 777)
	if err != nil || !created {
		t.Fatalf("first Log = %v, %v", created, err)
	}
	// Retried two days later: the follow-up day has passed, the visit exists.
	b.clock.set(b.clock.now().AddDate(0, 0, 2))
	again, created, err := b.store.Log(b.ctx, b.sales, d, 777)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("repeat Log = visit %d, created %v, %v; want visit %d, false", again.ID, created, err, first.ID)
	}
	var n int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM visits`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d visits stored, want 1", n)
	}
}

func TestLogRefusesInvalidDrafts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	bad := 91.0
	ok := 10.0
	cases := []struct {
		name string
		d    Draft
		also error
	}{
		{"nothing recorded", Draft{Kind: Phone, Notes: "   "}, nil},
		{"no kind", Draft{Notes: "x"}, nil},
		{"unknown kind", Draft{Kind: "fax", Notes: "x"}, nil},
		{"notes too long", Draft{Kind: Phone, Notes: strings.Repeat("话", MaxNotes+1)}, nil},
		{"outcome too long", Draft{Kind: Phone, Notes: "x", Outcome: strings.Repeat("o", MaxOutcome+1)}, nil},
		{"empty photo id", Draft{Kind: OnSite, PhotoFileIDs: []string{""}}, nil},
		{"past follow-up", Draft{Kind: Phone, Notes: "x", FollowUpOn: day(2026, 11, 22)}, dates.ErrPastDate},
		{"latitude out of range", Draft{Kind: OnSite, Notes: "x", Latitude: &bad, Longitude: &ok}, nil},
		{"latitude without longitude", Draft{Kind: OnSite, Notes: "x", Latitude: &ok}, nil},
		{"NUL in the notes", Draft{Kind: Phone, Notes: "met\x00Bob"}, client.ErrControlChar},
		{"a control character in the outcome", Draft{Kind: Phone, Notes: "x", Outcome: "ok\x1b"}, client.ErrControlChar},
		{"notes of zero-width spaces", Draft{Kind: Phone, Notes: "\u200b\u200b"}, nil},
		{"follow-up more than five years ahead", Draft{Kind: Phone, Notes: "x", FollowUpOn: day(2031, 11, 24)}, nil},
	}
	for _, c := range cases {
		c.d.ClientID = b.client
		_, _, err := b.store.Log(b.ctx, b.sales, c.d, 0)
		if !errors.Is(err, ErrInvalid) || (c.also != nil && !errors.Is(err, c.also)) {
			t.Errorf("%s: err = %v, want ErrInvalid", c.name, err)
		}
	}
	// A voice note alone, or photos alone, is a record.
	b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, VoiceFileID: "voice1"})
	b.log(t, b.sales, Draft{ClientID: b.client, Kind: OnSite, PhotoFileIDs: []string{"p"}})
}

func TestFollowUpDayIsCountedInTheTeamsTimeZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// 17:00 UTC on the 23rd is already 01:00 on the 24th in Shanghai.
	b.clock.set(time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC))
	_, _, err := b.store.Log(b.ctx, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "x", FollowUpOn: day(2026, 11, 23)}, 0)
	if !errors.Is(err, dates.ErrPastDate) {
		t.Fatalf("follow-up on the 23rd after midnight in Shanghai: err = %v, want ErrPastDate", err)
	}
	b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "x", FollowUpOn: day(2026, 11, 24)})
}

func TestGetHidesAnotherTeamsVisit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	v := b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "x"})
	if _, err := b.store.Get(b.ctx, b.outsider, v.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("outsider Get: err = %v, want ErrNotFound", err)
	}
	for _, actor := range []access.Actor{b.mate, b.manager, b.admin} {
		if got, err := b.store.Get(b.ctx, actor, v.ID); err != nil || got.ID != v.ID {
			t.Fatalf("Get by %+v = %d, %v", actor, got.ID, err)
		}
	}
	if _, err := b.store.Get(b.ctx, b.sales, v.ID+1000); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a missing visit: err = %v, want ErrNotFound", err)
	}
}

func TestLogSameUpdateTwiceAtOnceCreatesOneVisit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	d := Draft{ClientID: b.client, Kind: Phone, Notes: "called"}
	type result struct {
		v       Visit
		created bool
		err     error
	}
	results := make(chan result, 2)
	for range 2 {
		go func() {
			v, created, err := b.store.Log(b.ctx, b.sales, d, 4242)
			results <- result{v, created, err}
		}()
	}
	r1, r2 := <-results, <-results
	if r1.err != nil || r2.err != nil || r1.v.ID != r2.v.ID || r1.created == r2.created {
		t.Fatalf("concurrent Log = (%d, %v, %v) and (%d, %v, %v); want one visit created once",
			r1.v.ID, r1.created, r1.err, r2.v.ID, r2.created, r2.err)
	}
}
