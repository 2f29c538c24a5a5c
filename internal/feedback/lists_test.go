package feedback

import (
	"slices"
	"testing"
	"time"
)

func ids(fs []Feedback) []int64 {
	out := make([]int64, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	return out
}

func sameIDs(got []Feedback, want ...int64) bool {
	return slices.Equal(ids(got), want)
}

func TestOverdueFollowsTheClockInTheTeamTimeZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.ownerA, Draft{ClientID: b.clientA, Kind: Complaint, Severity: High}) // due 2027-03-11
	cases := []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2027, 3, 11, 23, 59, 0, 0, shanghai), false}, // the last day of the deadline
		{time.Date(2027, 3, 12, 0, 30, 0, 0, shanghai), true},   // still 3-11 in UTC, already 3-12 in Shanghai
		{time.Date(2027, 4, 1, 12, 0, 0, 0, shanghai), true},
	}
	for _, c := range cases {
		b.setNow(c.now)
		got, err := b.store.Get(b.ctx, b.ownerA, f.ID)
		if err != nil || got.Overdue != c.want {
			t.Errorf("at %v: Overdue %v, %v; want %v", c.now, got.Overdue, err, c.want)
		}
	}
	done, err := b.store.Resolve(b.ctx, b.ownerA, f.ID, "已处理", 0)
	if err != nil || done.Overdue {
		t.Fatalf("a resolved record is never overdue: %v, %v", done.Overdue, err)
	}
}

func TestOpenListsPutOverdueFirstThenByDeadline(t *testing.T) {
	t.Parallel()
	b := setup(t)
	day := func(n int) *time.Time { return ptr(b.today().AddDate(0, 0, n)) }
	// Created on day 0 with deadlines 1, 3, 5 days out, and one resolved.
	d5 := b.create(t, b.mateA, Draft{ClientID: b.clientA, DueOn: day(5)})
	d1 := b.create(t, b.mateA, Draft{ClientID: b.clientA, DueOn: day(1), Severity: Low})
	d1high := b.create(t, b.mateA, Draft{ClientID: b.clientA, DueOn: day(1), Severity: High})
	d3 := b.create(t, b.mateA, Draft{ClientID: b.clientA, DueOn: day(3)})
	gone := b.create(t, b.mateA, Draft{ClientID: b.clientA, DueOn: day(0)})
	other := b.create(t, b.mateA, Draft{ClientID: b.orphanA, DueOn: day(2)}) // assigned to mateA
	mine := b.create(t, b.ownerA, Draft{ClientID: b.orphanA, DueOn: day(0)}) // assigned to ownerA
	if _, err := b.store.Resolve(b.ctx, b.ownerA, gone.ID, "已解决", 0); err != nil {
		t.Fatal(err)
	}
	b.setNow(time.Date(2027, 3, 12, 9, 0, 0, 0, shanghai)) // day 2: d1 and d1high overdue

	open, err := b.store.OpenForClient(b.ctx, b.mateA, b.clientA)
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(open, d1high.ID, d1.ID, d3.ID, d5.ID) {
		t.Fatalf("OpenForClient = %v, want %v", ids(open), []int64{d1high.ID, d1.ID, d3.ID, d5.ID})
	}
	if !open[0].Overdue || !open[1].Overdue || open[2].Overdue {
		t.Fatalf("overdue marks = %v %v %v", open[0].Overdue, open[1].Overdue, open[2].Overdue)
	}

	assigned, err := b.store.AssignedOpen(b.ctx, b.ownerA)
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(assigned, mine.ID, d1high.ID, d1.ID, d3.ID, d5.ID) {
		t.Fatalf("AssignedOpen(owner) = %v", ids(assigned))
	}
	if got, err := b.store.AssignedOpen(b.ctx, b.mateA); err != nil || !sameIDs(got, other.ID) {
		t.Fatalf("AssignedOpen(mate) = %v, %v; want [%d]", ids(got), err, other.ID)
	}
	if got, err := b.store.AssignedOpen(b.ctx, b.managerA); err != nil || len(got) != 0 {
		t.Fatalf("AssignedOpen(manager with nothing assigned) = %v, %v", ids(got), err)
	}
}

func TestAssignedOpenHidesTeamsTheActorNoLongerSees(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.create(t, b.ownerA, Draft{ClientID: b.clientA})
	moved := b.ownerA
	moved.TeamID = b.salesB.TeamID // as if transferred to team B
	if got, err := b.store.AssignedOpen(b.ctx, moved); err != nil || len(got) != 0 {
		t.Fatalf("AssignedOpen after a transfer = %v, %v; want none", ids(got), err)
	}
}

func TestForClientPagesNewestFirstWithTotal(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var made []int64
	for i := range 5 {
		b.setNow(time.Date(2027, 3, 10, 10, i, 0, 0, shanghai))
		made = append(made, b.create(t, b.ownerA, Draft{ClientID: b.clientA}).ID)
	}
	b.create(t, b.ownerA, Draft{ClientID: b.orphanA}) // another client's
	if _, err := b.store.Resolve(b.ctx, b.ownerA, made[4], "已解决", 0); err != nil {
		t.Fatal(err)
	}
	page, total, err := b.store.ForClient(b.ctx, b.mateA, b.clientA, 2, 0)
	if err != nil || total != 5 || !sameIDs(page, made[4], made[3]) {
		t.Fatalf("page 1 = %v total %d, %v", ids(page), total, err)
	}
	page, _, err = b.store.ForClient(b.ctx, b.mateA, b.clientA, 2, 4)
	if err != nil || !sameIDs(page, made[0]) {
		t.Fatalf("last page = %v, %v", ids(page), err)
	}
	page, _, err = b.store.ForClient(b.ctx, b.admin, b.clientA, 0, -1) // defaults
	if err != nil || len(page) != 5 {
		t.Fatalf("default page = %v, %v", ids(page), err)
	}
}
