package retention_test

import (
	"context"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/retention"
)

func TestPruneKeepsWhatIsStillNeededAndEveryDedupKey(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	now := time.Date(2026, 11, 28, 3, 30, 0, 0, time.UTC)
	day := 24 * time.Hour
	// Updates: processed 8 days ago (pruned), processed 6 days ago (kept),
	// received 30 days ago and never processed (kept: it still has to run).
	exec(`INSERT INTO updates (update_id, chat_id, payload, received_at, processed_at) VALUES
		(1, 7, '{"update_id":1,"message":{"text":"13800138000"}}', $1, $1),
		(2, 7, '{"update_id":2}', $2, $2),
		(3, 7, '{"update_id":3}', $3, NULL)`, now.Add(-8*day), now.Add(-6*day), now.Add(-30*day))
	if _, err := outbox.Enqueue(ctx, pool,
		outbox.Message{Key: "greeting:old", ChatID: 7, Kind: "greeting", Text: "新年快乐，张伟"},
		outbox.Message{Key: "greeting:new", ChatID: 7, Kind: "greeting", Text: "新年快乐"},
		outbox.Message{Key: "digest:old-failed", ChatID: 7, Kind: "digest", Text: "周报", Photo: []byte("png")}); err != nil {
		t.Fatal(err)
	}
	exec(`UPDATE outbox SET status = 'sent', sent_at = $1 WHERE dedup_key = 'greeting:old'`, now.Add(-31*day))
	exec(`UPDATE outbox SET status = 'sent', sent_at = $1 WHERE dedup_key = 'greeting:new'`, now.Add(-29*day))
	exec(`UPDATE outbox SET status = 'failed', failed_at = $1 WHERE dedup_key = 'digest:old-failed'`, now.Add(-40*day))

	p := retention.New(pool, 7*day, 30*day)
	n, err := p.Run(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("pruned %d rows, want 2 (one update, one message)", n)
	}
	var ids []int64
	rows, _ := pool.Query(ctx, `SELECT update_id FROM updates ORDER BY 1`)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[0] != 2 || ids[1] != 3 {
		t.Fatalf("updates left %v, want [2 3]", ids)
	}
	var text string
	var pruned bool
	if err := pool.QueryRow(ctx, `SELECT text, pruned_at IS NOT NULL FROM outbox WHERE dedup_key = 'greeting:old'`).Scan(&text, &pruned); err != nil {
		t.Fatal(err)
	}
	if text != "" || !pruned {
		t.Fatalf("old sent message keeps %q (pruned %v)", text, pruned)
	}
	if err := pool.QueryRow(ctx, `SELECT text FROM outbox WHERE dedup_key = 'digest:old-failed'`).Scan(&text); err != nil || text == "" {
		t.Fatalf("a failed message an admin may retry lost its text: %q %v", text, err)
	}
	// The key still stops the same message from being enqueued again.
	if n, err := outbox.Enqueue(ctx, pool, outbox.Message{Key: "greeting:old", ChatID: 7, Kind: "greeting", Text: "again"}); err != nil || n != 0 {
		t.Fatalf("re-enqueue after pruning stored %d, %v; want 0", n, err)
	}
	if n, err := p.Run(ctx, now); err != nil || n != 0 {
		t.Fatalf("a second run pruned %d, %v; want 0", n, err)
	}
}
