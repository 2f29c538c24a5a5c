package feedback

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestNotifierRunsInTheCreatingTransaction(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var seen []int64
	b.store.OnCreated(func(ctx context.Context, tx pgx.Tx, f Feedback) error {
		// The record is visible inside the transaction, before commit.
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM feedback WHERE id = $1`, f.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("record not visible in the notifier's transaction: %d, %v", n, err)
		}
		seen = append(seen, f.ID)
		return nil
	})
	f, created, err := b.store.Create(b.ctx, b.mateA, Draft{ClientID: b.clientA, Kind: Complaint, Severity: High, Body: "发票开错了"}, 77)
	if err != nil || !created || len(seen) != 1 || seen[0] != f.ID {
		t.Fatalf("created %v, err %v, notified %v", created, err, seen)
	}
	// A replayed update finds the record and notifies nobody again.
	if _, created, err := b.store.Create(b.ctx, b.mateA, Draft{ClientID: b.clientA, Kind: Complaint, Severity: High, Body: "发票开错了"}, 77); err != nil || created || len(seen) != 1 {
		t.Fatalf("replay: created %v, err %v, notified %d times", created, err, len(seen))
	}
}

func TestFailingNotifierRollsTheRecordBack(t *testing.T) {
	t.Parallel()
	b := setup(t)
	boom := errors.New("outbox down")
	b.store.OnCreated(func(context.Context, pgx.Tx, Feedback) error { return boom })
	_, _, err := b.store.Create(b.ctx, b.mateA, Draft{ClientID: b.clientA, Kind: Request, Severity: Low, Body: "想要报价"}, 0)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the notifier's error", err)
	}
	var n int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM feedback`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d feedback rows after a failed notice, want 0 (%v)", n, err)
	}
}
