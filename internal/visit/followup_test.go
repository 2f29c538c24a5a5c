package visit

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestFollowUpsListOverdueFirstThenTodaysOnlyTheActorsOwn(t *testing.T) {
	t.Parallel()
	b := setup(t)
	second := b.insertClient(t, b.teamA, b.sales.StaffID, "东方电子", "active")
	third := b.insertClient(t, b.teamA, b.sales.StaffID, "南方物流", "active")
	// Monday 23rd: follow-ups on Wednesday, Thursday and Friday.
	thu := b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "thu", FollowUpOn: day(2026, 11, 26)})
	wed := b.log(t, b.sales, Draft{ClientID: second, Kind: Phone, Notes: "wed", FollowUpOn: day(2026, 11, 25)})
	b.log(t, b.sales, Draft{ClientID: third, Kind: Phone, Notes: "fri", FollowUpOn: day(2026, 11, 27)})
	b.log(t, b.mate, Draft{ClientID: third, Kind: Phone, Notes: "mate's", FollowUpOn: day(2026, 11, 24)})

	if fs, err := b.store.FollowUps(b.ctx, b.sales); err != nil || len(fs) != 0 {
		t.Fatalf("Monday: follow-ups = %+v, %v; want none due", fs, err)
	}
	// Thursday 23:30 in Shanghai: Wednesday's is overdue, Thursday's due, Friday's not yet.
	b.clock.set(time.Date(2026, 11, 26, 23, 30, 0, 0, shanghai))
	fs, err := b.store.FollowUps(b.ctx, b.sales)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].VisitID != wed.ID || !fs[0].Overdue || fs[0].ClientName != "东方电子" || fs[0].Notes != "wed" ||
		fs[1].VisitID != thu.ID || fs[1].Overdue || !fs[1].Due.Equal(*day(2026, 11, 26)) {
		t.Fatalf("Thursday: follow-ups = %+v; want wed (overdue) then thu", fs)
	}
	// Half an hour later it is Friday in Shanghai.
	b.clock.set(time.Date(2026, 11, 27, 0, 0, 0, 0, shanghai))
	if fs, _ := b.store.FollowUps(b.ctx, b.sales); len(fs) != 3 || !fs[1].Overdue || fs[2].Overdue {
		t.Fatalf("Friday: follow-ups = %+v; want three, the last due today", fs)
	}
	if fs, _ := b.store.FollowUps(b.ctx, b.outsider); len(fs) != 0 {
		t.Fatalf("outsider follow-ups = %+v, want none", fs)
	}
}

func TestLaterVisitClosesTheVisitorsEarlierFollowUps(t *testing.T) {
	t.Parallel()
	b := setup(t)
	mine := b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "first", FollowUpOn: day(2026, 11, 30)})
	mates := b.log(t, b.mate, Draft{ClientID: b.client, Kind: Phone, Notes: "mate", FollowUpOn: day(2026, 12, 2)})

	next, err := b.store.NextFollowUp(b.ctx, b.manager, b.client)
	if err != nil || next == nil || next.VisitID != mine.ID {
		t.Fatalf("NextFollowUp = %+v, %v; want visit %d", next, err, mine.ID)
	}
	b.clock.set(b.clock.now().AddDate(0, 0, 2))
	later := b.log(t, b.sales, Draft{ClientID: b.client, Kind: OnSite, Notes: "second", FollowUpOn: day(2026, 12, 10)})

	if v, _ := b.store.Get(b.ctx, b.sales, mine.ID); !v.FollowUpDone {
		t.Fatal("the earlier follow-up is still open after a later visit by its author")
	}
	if v, _ := b.store.Get(b.ctx, b.sales, mates.ID); v.FollowUpDone {
		t.Fatal("a later visit closed a teammate's follow-up")
	}
	if v, _ := b.store.Get(b.ctx, b.sales, later.ID); v.FollowUpDone {
		t.Fatal("a visit closed its own follow-up")
	}
	next, err = b.store.NextFollowUp(b.ctx, b.sales, b.client)
	if err != nil || next == nil || next.VisitID != mates.ID {
		t.Fatalf("NextFollowUp = %+v, %v; want the teammate's visit %d", next, err, mates.ID)
	}
	if _, err := b.store.NextFollowUp(b.ctx, b.outsider, b.client); !errors.Is(err, ErrNotFound) {
		t.Fatalf("outsider NextFollowUp: err = %v, want ErrNotFound", err)
	}
}

func TestNextFollowUpIsNilWithoutOpenFollowUps(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "no follow-up"})
	if next, err := b.store.NextFollowUp(b.ctx, b.sales, b.client); err != nil || next != nil {
		t.Fatalf("NextFollowUp = %+v, %v; want nil", next, err)
	}
}

func TestCompleteFollowUpByAuthorManagerOrAdminOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name  string
		actor access.Actor
		want  error
	}{
		{"author", b.sales, nil},
		{"team manager", b.manager, nil},
		{"admin", b.admin, nil},
		{"teammate", b.mate, access.ErrForbidden},
		{"other team", b.outsider, ErrNotFound},
	}
	for _, c := range cases {
		v := b.log(t, b.sales, Draft{ClientID: b.insertClient(t, b.teamA, b.sales.StaffID, c.name, "active"),
			Kind: Phone, Notes: "x", FollowUpOn: day(2026, 11, 30)})
		err := b.store.CompleteFollowUp(b.ctx, c.actor, v.ID)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			continue
		}
		got, _ := b.store.Get(b.ctx, b.sales, v.ID)
		if got.FollowUpDone != (c.want == nil) {
			t.Errorf("%s: follow-up done = %v", c.name, got.FollowUpDone)
		}
		if c.want == nil {
			if err := b.store.CompleteFollowUp(b.ctx, c.actor, v.ID); err != nil {
				t.Errorf("%s: completing twice: %v", c.name, err)
			}
		}
	}
	plain := b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "no follow-up"})
	if err := b.store.CompleteFollowUp(b.ctx, b.sales, plain.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("visit without follow-up: err = %v, want ErrNotFound", err)
	}
}

func TestForClientPagesNewestFirstWithTotal(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var ids []int64
	for i := range 5 {
		b.clock.set(time.Date(2026, 11, 23, 10, i, 0, 0, shanghai))
		ids = append(ids, b.log(t, b.sales, Draft{ClientID: b.client, Kind: Phone, Notes: "x"}).ID)
	}
	other := b.insertClient(t, b.teamA, b.sales.StaffID, "东方电子", "active")
	b.log(t, b.sales, Draft{ClientID: other, Kind: Phone, Notes: "elsewhere"})

	pages := []struct {
		limit, offset int
		want          []int64
	}{
		{2, 0, []int64{ids[4], ids[3]}},
		{2, 2, []int64{ids[2], ids[1]}},
		{2, 4, []int64{ids[0]}},
		{2, 6, nil},
		{0, 0, []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
	}
	for _, p := range pages {
		vs, total, err := b.store.ForClient(b.ctx, b.mate, b.client, p.limit, p.offset)
		if err != nil || total != 5 || len(vs) != len(p.want) {
			t.Fatalf("ForClient(%d, %d) = %d visits, total %d, %v; want %d, 5", p.limit, p.offset, len(vs), total, err, len(p.want))
		}
		for i, v := range vs {
			if v.ID != p.want[i] {
				t.Fatalf("ForClient(%d, %d)[%d] = visit %d, want %d", p.limit, p.offset, i, v.ID, p.want[i])
			}
		}
	}
	if _, _, err := b.store.ForClient(b.ctx, b.outsider, b.client, 10, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("outsider ForClient: err = %v, want ErrNotFound", err)
	}
}
