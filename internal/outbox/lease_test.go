package outbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// shortLease runs out while a test waits for it. The lease must run out on
// the database clock, not be moved by the test: its end names the claim.
const shortLease = 300 * time.Millisecond

// claimShort claims up to n rows for owner under shortLease.
func (b *bundle) claimShort(owner string, n int) []outbox.Row {
	b.t.Helper()
	rows, err := b.store.Claim(b.ctx, owner, n, shortLease)
	if err != nil {
		b.t.Fatal(err)
	}
	return rows
}

// takeOver waits until owner's claim gets the row whose lease ran out.
func (b *bundle) takeOver(owner string, id int64) outbox.Row {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range b.claimShort(owner, 10) {
			if r.ID == id {
				return r
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatalf("%s never got row %d", owner, id)
	return outbox.Row{}
}

// waitExpired waits until key's lease ran out on the database clock.
func (b *bundle) waitExpired(key string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var over bool
		if err := b.pool.QueryRow(b.ctx, `SELECT lease_until < now() FROM outbox WHERE dedup_key = $1`, key).Scan(&over); err != nil {
			b.t.Fatal(err)
		}
		if over {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatalf("lease of %s never ran out", key)
}

// state is what a completion could change in key's row.
func (b *bundle) state(key string) string {
	b.t.Helper()
	var s string
	err := b.pool.QueryRow(b.ctx, `SELECT concat_ws('|', status, attempts, last_error, not_before > now(),
		lease_owner, lease_until, sent_at IS NOT NULL, failed_at IS NOT NULL, tg_message_id) FROM outbox WHERE dedup_key = $1`, key).Scan(&s)
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

func TestCompletionsOfALeaseTakenOverChangeNothing(t *testing.T) {
	cause := outbox.Cause{Kind: outbox.CauseServer, Code: 502}
	completions := map[string]func(b *bundle, l outbox.Lease) (bool, error){
		"sent":        func(b *bundle, l outbox.Lease) (bool, error) { return b.store.MarkSent(b.ctx, l, 41) },
		"retry":       func(b *bundle, l outbox.Lease) (bool, error) { return b.store.Retry(b.ctx, l, time.Hour, cause) },
		"postpone":    func(b *bundle, l outbox.Lease) (bool, error) { return b.store.Postpone(b.ctx, l, time.Hour) },
		"fail":        func(b *bundle, l outbox.Lease) (bool, error) { return b.store.Fail(b.ctx, l, cause) },
		"unreachable": func(b *bundle, l outbox.Lease) (bool, error) { return b.store.Unreachable(b.ctx, l, cause) },
	}
	for name, complete := range completions {
		t.Run(name, func(t *testing.T) {
			b := setup(t)
			b.enqueue(msg("x", 10), msg("x2", 10))
			stale := b.claimShort("first", 1)
			if len(stale) != 1 {
				t.Fatalf("claimed %v", keys(stale))
			}
			// Another sender takes the row over once the lease ran out,
			// then the first one comes back from its stall with
			// Telegram's answer.
			again := []outbox.Row{b.takeOver("second", stale[0].ID)}
			before := b.state("x")
			held, err := complete(b, stale[0].Lease())
			if err != nil || held {
				t.Fatalf("%s by the first owner = %v, %v; want not held and no error", name, held, err)
			}
			if after := b.state("x"); after != before {
				t.Fatalf("%s by the first owner changed the row:\n%s\n%s", name, before, after)
			}
			if st, _ := b.store.Chat(b.ctx, 10); st.UnreachableAt != nil {
				t.Fatal("the first owner's 403 marked the chat unreachable")
			}
			if r := b.row("x2"); r.Status != outbox.StatusPending {
				t.Fatalf("the chat's next row is %s", r.Status)
			}
			// The owner of the live claim completes it.
			if held, err := complete(b, again[0].Lease()); err != nil || !held {
				t.Fatalf("%s by the second owner = %v, %v", name, held, err)
			}
			if after := b.state("x"); after == before {
				t.Fatalf("%s by the second owner changed nothing", name)
			}
		})
	}
}

func TestACompletionOfAnEarlierClaimBySameOwnerChangesNothing(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("x", 10))
	stale := b.claimShort("replica-1", 1)
	b.takeOver("replica-1", stale[0].ID)
	if held, err := b.store.MarkSent(b.ctx, stale[0].Lease(), 7); err != nil || held {
		t.Fatalf("the earlier claim's MarkSent = %v, %v; want not held", held, err)
	}
	if r := b.row("x"); r.Status != outbox.StatusSending {
		t.Fatalf("row %s, want still sending under the later claim", r.Status)
	}
}

func TestACompletionAfterTheRowWasTakenBackChangesNothing(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("y", 20), msg("x", 10))
	b.exec(`UPDATE outbox SET not_before = now() + interval '1 hour' WHERE dedup_key = 'y'`)
	stale := b.claimShort("first", 1)
	b.waitExpired("x")
	// Another sender's claim takes x back as pending and, with y now due
	// and older, claims y instead: x is pending and nobody holds it.
	b.exec(`UPDATE outbox SET not_before = now() - interval '1 hour' WHERE dedup_key = 'y'`)
	if got := keys(b.claim("other", 1)); len(got) != 1 || got[0] != "y" {
		t.Fatalf("other claimed %v, want y", got)
	}
	before := b.state("x")
	if !strings.HasPrefix(before, "pending|") {
		t.Fatalf("x is %s, want taken back as pending", before)
	}
	if held, err := b.store.Fail(b.ctx, stale[0].Lease(), outbox.Cause{Kind: outbox.CauseNetwork}); err != nil || held {
		t.Fatalf("Fail of a row taken back = %v, %v; want not held", held, err)
	}
	if after := b.state("x"); after != before {
		t.Fatalf("row changed:\n%s\n%s", before, after)
	}
}

func TestALeaseThatRanOutStillHoldsUntilAnotherClaimTakesTheRow(t *testing.T) {
	b := setup(t)
	b.enqueue(msg("x", 10))
	rows := b.claimShort("slow", 1)
	b.waitExpired("x")
	if held, err := b.store.MarkSent(b.ctx, rows[0].Lease(), 9); err != nil || !held {
		t.Fatalf("MarkSent under a lease nobody took over = %v, %v; want held", held, err)
	}
	if r := b.row("x"); r.Status != outbox.StatusSent {
		t.Fatalf("row %s, want sent", r.Status)
	}
}
