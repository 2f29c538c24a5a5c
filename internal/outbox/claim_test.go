package outbox_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

func TestConcurrentClaimsNeverHandOneRowToTwoClaimers(t *testing.T) {
	b := setup(t)
	b.enqueue(seq("m", 600, func(i int) int64 { return int64(i + 1) })...)
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	for c := range 6 {
		owner := fmt.Sprintf("claimer-%d", c)
		wg.Go(func() {
			for {
				rows, err := b.store.Claim(b.ctx, owner, 7, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(rows) == 0 {
					return
				}
				for _, r := range rows {
					mu.Lock()
					if prev, dup := seen[r.ID]; dup {
						t.Errorf("row %d claimed by %s and %s", r.ID, prev, owner)
					}
					seen[r.ID] = owner
					mu.Unlock()
					if _, err := b.store.MarkSent(b.ctx, r.Lease(), r.ID); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != 600 {
		t.Fatalf("%d rows claimed, want 600", len(seen))
	}
	if st, _ := b.store.Stats(b.ctx); st.Sent != 600 || st.Pending+st.Sending != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestClaimHandsOutAChatsMessagesOneAtATimeInOrder(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("x1", 10), msg("y1", 20), msg("x2", 10), msg("x3", 10))
	first := b.claim("a", 10)
	if got := keys(first); !slices.Equal(got, []string{"x1", "y1"}) {
		t.Fatalf("first claim %v, want one row per chat", got)
	}
	if got := b.claim("b", 10); len(got) != 0 {
		t.Fatalf("claimed %v while each chat has a message in flight", keys(got))
	}
	if _, err := b.store.MarkSent(b.ctx, first[0].Lease(), 501); err != nil {
		t.Fatal(err)
	}
	if got := keys(b.claim("b", 10)); !slices.Equal(got, []string{"x2"}) {
		t.Fatalf("after x1 was sent claimed %v, want x2", got)
	}
}

func TestClaimReclaimsRowsWhoseLeaseExpired(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("a", 1), msg("b", 2))
	if got := keys(b.claim("dead-sender", 10)); len(got) != 2 {
		t.Fatalf("claimed %v", got)
	}
	if got := b.claim("live", 10); len(got) != 0 {
		t.Fatalf("claimed %v under a live lease", keys(got))
	}
	b.exec(`UPDATE outbox SET lease_until = now() - interval '1 second' WHERE dedup_key = 'a'`)
	got := b.claim("live", 10)
	if !slices.Equal(keys(got), []string{"a"}) {
		t.Fatalf("claimed %v, want the expired a", keys(got))
	}
	if got[0].Attempts != 0 || !strings.Contains(got[0].LastError, "dead-sender") {
		t.Fatalf("reclaimed row %+v: attempts must not count, error must name the old owner", got[0])
	}
}

func TestRetryCountsAttemptsAndWaitsPostponeDoesNotCount(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("r", 1), msg("p", 2))
	rows := b.claim("s", 10)
	if _, err := b.store.Retry(b.ctx, rows[0].Lease(), time.Hour, outbox.Cause{Kind: outbox.CauseServer, Code: 502}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Postpone(b.ctx, rows[1].Lease(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if r := b.row("r"); r.Status != "pending" || r.Attempts != 1 || r.LastError != "server 502" || !b.future("r") {
		t.Fatalf("retried row %+v", r)
	}
	if r := b.row("p"); r.Status != "pending" || r.Attempts != 0 || !b.future("p") {
		t.Fatalf("postponed row %+v", r)
	}
	if got := b.claim("s", 10); len(got) != 0 {
		t.Fatalf("claimed %v before their time", keys(got))
	}
	b.exec(`UPDATE outbox SET not_before = now()`)
	if got := keys(b.claim("s", 10)); !slices.Equal(got, []string{"r", "p"}) {
		t.Fatalf("claimed %v once due", got)
	}
}

func TestPauseChatHoldsItsPendingAndNewRows(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("x1", 10), msg("y1", 20))
	if err := b.store.PauseChat(b.ctx, 10, time.Hour); err != nil {
		t.Fatal(err)
	}
	b.enqueue(msg("x2", 10))
	if got := keys(b.claim("s", 10)); !slices.Equal(got, []string{"y1"}) {
		t.Fatalf("claimed %v from a paused chat", got)
	}
	if !b.future("x1") || !b.future("x2") {
		t.Fatal("the paused chat's rows are due before the pause ends")
	}
	st, err := b.store.Chat(b.ctx, 10)
	if err != nil || st.PausedUntil == nil || time.Until(*st.PausedUntil) < 50*time.Minute {
		t.Fatalf("chat state %+v, %v", st, err)
	}
	// A shorter pause never shortens a longer one.
	if err := b.store.PauseChat(b.ctx, 10, time.Second); err != nil {
		t.Fatal(err)
	}
	if st2, _ := b.store.Chat(b.ctx, 10); !st2.PausedUntil.Equal(*st.PausedUntil) {
		t.Fatalf("pause moved from %v to %v", st.PausedUntil, st2.PausedUntil)
	}
	b.exec(`UPDATE outbox_chats SET paused_until = now() - interval '1 second'`)
	b.exec(`UPDATE outbox SET not_before = now() WHERE status = 'pending'`)
	if got := keys(b.claim("s", 10)); !slices.Equal(got, []string{"x1"}) {
		t.Fatalf("after the pause claimed %v, want x1", got)
	}
}

func TestUnreachableChatEndsItsRowsAndNewOnesUntilReachable(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("x1", 10), msg("x2", 10), msg("y1", 20))
	rows := b.claim("s", 10) // x1 in flight when Telegram answers 403
	blocked := outbox.Cause{Kind: outbox.CauseBlocked, Code: 403, Detail: "bot was blocked by the user"}
	if _, err := b.store.Unreachable(b.ctx, rows[0].Lease(), blocked); err != nil {
		t.Fatal(err)
	}
	b.enqueue(msg("x3", 10))
	for _, k := range []string{"x1", "x2", "x3"} {
		if r := b.row(k); r.Status != outbox.StatusUnreachable || r.LastError != "blocked 403: bot was blocked by the user" {
			t.Fatalf("%s: %+v", k, r)
		}
	}
	if st, _ := b.store.Chat(b.ctx, 10); st.UnreachableAt == nil || st.Reason != blocked.String() {
		t.Fatalf("chat state %+v", st)
	}
	if _, err := b.store.MarkSent(b.ctx, rows[1].Lease(), 9); err != nil { // y1 unaffected
		t.Fatal(err)
	}
	if got := b.claim("s", 10); len(got) != 0 {
		t.Fatalf("claimed %v", keys(got))
	}
	failed, err := b.store.Failed(b.ctx, 10)
	if err != nil || len(failed) != 3 || failed[0].Key != "x3" {
		t.Fatalf("failed list %v, %v: want x3, x2, x1", keys(failed), err)
	}
	if err := b.store.MarkReachable(b.ctx, 10); err != nil {
		t.Fatal(err)
	}
	b.enqueue(msg("x4", 10))
	if got := keys(b.claim("s", 10)); !slices.Equal(got, []string{"x4"}) {
		t.Fatalf("after the user came back claimed %v, want only the new x4", got)
	}
}

func TestFailedRowsAreListedAndRequeued(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("bad", 1), msg("ok", 2), msg("blocked", 3))
	rows := b.claim("s", 10)
	if _, err := b.store.Fail(b.ctx, rows[0].Lease(), outbox.Cause{Kind: outbox.CauseBadRequest, Code: 400, Detail: "can't parse entities"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.MarkSent(b.ctx, rows[1].Lease(), 77); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Unreachable(b.ctx, rows[2].Lease(), outbox.Cause{Kind: outbox.CauseBlocked, Code: 403, Detail: "user is deactivated"}); err != nil {
		t.Fatal(err)
	}
	failed, err := b.store.Failed(b.ctx, 10)
	if err != nil || !slices.Equal(keys(failed), []string{"blocked", "bad"}) {
		t.Fatalf("failed %v, %v", keys(failed), err)
	}
	if failed[1].LastError != "bad_request 400: can't parse entities" || failed[1].Attempts != 1 || failed[1].FailedAt == nil {
		t.Fatalf("failed row %+v", failed[1])
	}
	if err := b.store.Requeue(b.ctx, rows[1].ID); err == nil {
		t.Fatal("requeued a sent row")
	}
	for _, r := range failed {
		if err := b.store.Requeue(b.ctx, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := b.store.Chat(b.ctx, 3); st.UnreachableAt != nil {
		t.Fatal("requeueing the unreachable row left its chat unreachable")
	}
	got := b.claim("s", 10)
	if !slices.Equal(keys(got), []string{"bad", "blocked"}) || got[0].Attempts != 0 {
		t.Fatalf("requeued rows claimed as %+v", got)
	}
}

func TestStatsCountByStatusAndAgeTheOldestPending(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("a", 1), msg("b", 2), msg("c", 3), msg("d", 4), msg("e", 4))
	rows := b.claim("s", 4)
	_, _ = b.store.MarkSent(b.ctx, rows[0].Lease(), 1)
	_, _ = b.store.Fail(b.ctx, rows[1].Lease(), outbox.Cause{Kind: outbox.CauseOther})
	_, _ = b.store.Unreachable(b.ctx, rows[3].Lease(), outbox.Cause{Kind: outbox.CauseBlocked, Code: 403})
	b.exec(`UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE dedup_key = 'c'`)
	_, _ = b.store.Retry(b.ctx, rows[2].Lease(), 0, outbox.Cause{Kind: outbox.CauseServer, Code: 500})
	st, err := b.store.Stats(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Pending != 1 || st.Sending != 0 || st.Sent != 1 || st.Failed != 1 || st.Unreachable != 2 {
		t.Fatalf("stats %+v", st)
	}
	if st.OldestPending < 89*time.Second || st.OldestPending > time.Hour {
		t.Fatalf("oldest pending %v, want about 90s", st.OldestPending)
	}
}
