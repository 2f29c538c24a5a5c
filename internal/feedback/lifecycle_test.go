package feedback

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func TestLifecycleOpenInProgressResolved(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA})
	st := b.store
	assignee := b.ownerA

	started, err := st.Start(b.ctx, assignee, f.ID)
	if err != nil || started.Status != InProgress {
		t.Fatalf("Start = %v, %v", started.Status, err)
	}
	if _, err := st.Start(b.ctx, assignee, f.ID); !errors.Is(err, ErrBadTransition) {
		t.Fatalf("second Start: %v, want ErrBadTransition", err)
	}
	if _, err := st.Resolve(b.ctx, assignee, f.ID, "  ", 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Resolve without resolution: %v, want ErrInvalid", err)
	}
	b.setNow(time.Date(2027, 3, 11, 9, 30, 0, 0, shanghai))
	done, err := st.Resolve(b.ctx, assignee, f.ID, "已补发货物并致歉", 0)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != Resolved || done.Resolution != "已补发货物并致歉" || done.ResolvedAt == nil ||
		!done.ResolvedAt.Equal(time.Date(2027, 3, 11, 9, 30, 0, 0, shanghai)) || !done.UpdatedAt.Equal(*done.ResolvedAt) {
		t.Fatalf("resolved record = %+v", done)
	}
	if _, err := st.Resolve(b.ctx, assignee, f.ID, "again", 0); !errors.Is(err, ErrBadTransition) {
		t.Fatalf("second Resolve: %v, want ErrBadTransition", err)
	}
	if _, err := st.Start(b.ctx, assignee, f.ID); !errors.Is(err, ErrBadTransition) {
		t.Fatalf("Start after Resolve: %v, want ErrBadTransition", err)
	}

	entries, err := audit.List(b.ctx, b.pool, "feedback", f.ID, 10)
	if err != nil || len(entries) != 3 {
		t.Fatalf("audit = %+v, %v; want create and two status entries", entries, err)
	}
	wantMoves := [][2]string{{"in_progress", "resolved"}, {"open", "in_progress"}} // newest first
	for i, want := range wantMoves {
		e := entries[i]
		change, _ := e.Changes["status"].(map[string]any)
		if e.Action != "status" || e.ActorID != assignee.StaffID || change["from"] != want[0] || change["to"] != want[1] {
			t.Errorf("audit entry %d = %+v, want status %s -> %s", i, e, want[0], want[1])
		}
	}
}

func TestResolveStraightFromOpen(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.ownerA, Draft{ClientID: b.clientA, Kind: Praise, Severity: Low})
	if got, err := b.store.Resolve(b.ctx, b.ownerA, f.ID, "已致谢", 0); err != nil || got.Status != Resolved {
		t.Fatalf("Resolve from open = %v, %v", got.Status, err)
	}
}

func TestWhoMayMoveFeedbackAlong(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name  string
		actor access.Actor
		want  error
	}{
		{"teammate who wrote it but is not the assignee", b.mateA, access.ErrForbidden},
		{"manager of the team", b.managerA, nil},
		{"admin", b.admin, nil},
		{"the assignee", b.ownerA, nil},
		{"sales of another team", b.salesB, ErrNotFound},
	}
	for _, c := range cases {
		f := b.create(t, b.mateA, Draft{ClientID: b.clientA}) // assigned to ownerA
		if _, err := b.store.Start(b.ctx, c.actor, f.ID); !errors.Is(err, c.want) {
			t.Errorf("%s Start: %v, want %v", c.name, err, c.want)
		}
		if _, err := b.store.Resolve(b.ctx, c.actor, f.ID, "处理完毕", 0); !errors.Is(err, c.want) {
			t.Errorf("%s Resolve: %v, want %v", c.name, err, c.want)
		}
		if got, _ := b.store.Get(b.ctx, b.admin, f.ID); (c.want == nil) != (got.Status == Resolved) {
			t.Errorf("%s: status %s after the attempt", c.name, got.Status)
		}
	}
}

func TestReassignByManagerOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA})
	st := b.store
	for _, who := range []access.Actor{b.ownerA, b.mateA} {
		if _, err := st.Reassign(b.ctx, who, f.ID, b.mateA.StaffID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("sales %d Reassign: %v, want ErrForbidden", who.StaffID, err)
		}
	}
	if _, err := st.Reassign(b.ctx, b.salesB, f.ID, b.salesB.StaffID); !errors.Is(err, ErrNotFound) {
		t.Errorf("other team Reassign: %v, want ErrNotFound", err)
	}
	for _, bad := range []int64{b.salesB.StaffID, b.inactiveA.StaffID} {
		if _, err := st.Reassign(b.ctx, b.managerA, f.ID, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("Reassign to %d: %v, want ErrInvalid", bad, err)
		}
	}
	got, err := st.Reassign(b.ctx, b.managerA, f.ID, b.mateA.StaffID)
	if err != nil || got.AssigneeID != b.mateA.StaffID {
		t.Fatalf("manager Reassign = %d, %v", got.AssigneeID, err)
	}
	// The new assignee may now handle it, the old one no longer.
	if _, err := st.Start(b.ctx, b.ownerA, f.ID); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("old assignee Start: %v, want ErrForbidden", err)
	}
	if _, err := st.Resolve(b.ctx, b.mateA, f.ID, "已电话回访", 0); err != nil {
		t.Fatalf("new assignee Resolve: %v", err)
	}
	if _, err := st.Reassign(b.ctx, b.admin, f.ID, b.ownerA.StaffID); !errors.Is(err, ErrBadTransition) {
		t.Errorf("Reassign resolved: %v, want ErrBadTransition", err)
	}
	entries, err := audit.List(b.ctx, b.pool, "feedback", f.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var reassigns int
	for _, e := range entries {
		if e.Action == "reassign" {
			reassigns++
			change, _ := e.Changes["assignee_id"].(map[string]any)
			if change["from"] != float64(b.ownerA.StaffID) || change["to"] != float64(b.mateA.StaffID) {
				t.Errorf("reassign audit = %v", e.Changes)
			}
		}
	}
	if reassigns != 1 {
		t.Fatalf("%d reassign audit entries, want 1", reassigns)
	}
}

func TestConcurrentResolveExactlyOneWins(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA})
	actors := []access.Actor{b.ownerA, b.managerA, b.admin, b.ownerA}
	errs := make([]error, len(actors))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, a := range actors {
		wg.Go(func() {
			<-start
			_, errs[i] = b.store.Resolve(b.ctx, a, f.ID, "处理完毕", 0)
		})
	}
	close(start)
	wg.Wait()
	var won int
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrBadTransition):
			t.Errorf("actor %d: %v, want nil or ErrBadTransition", i, err)
		}
	}
	var statusEntries int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM audit_log WHERE entity = 'feedback' AND entity_id = $1 AND action = 'status'`,
		f.ID).Scan(&statusEntries); err != nil {
		t.Fatal(err)
	}
	if won != 1 || statusEntries != 1 {
		t.Fatalf("%d winners and %d status audit entries, want exactly 1 and 1 (errors %v)", won, statusEntries, errs)
	}
}
