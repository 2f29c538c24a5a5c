package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/bot"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

func TestIntakeRunsEachChatsUpdatesInOrderAndEachOnce(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	var mu sync.Mutex
	seen := map[int64][]int64{} // chat -> update ids in handling order
	in := bot.NewIntake(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), 4, func(_ context.Context, u *models.Update) error {
		time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond) // let workers interleave
		mu.Lock()
		seen[u.Message.Chat.ID] = append(seen[u.Message.Chat.ID], u.ID)
		mu.Unlock()
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	if err := in.Start(ctx); err != nil {
		t.Fatal(err)
	}
	const chats, perChat = 12, 25
	var batch []json.RawMessage
	id := int64(1)
	for i := 0; i < perChat; i++ {
		for c := int64(1); c <= chats; c++ {
			raw, _ := json.Marshal(map[string]any{"update_id": id, "message": map[string]any{
				"message_id": id, "date": 1, "chat": map[string]any{"id": c, "type": "private"}, "text": "x"}})
			batch = append(batch, raw)
			id++
			if len(batch) == 7 {
				if err := in.Record(ctx, batch); err != nil {
					t.Fatal(err)
				}
				// Telegram delivering the same batch again changes nothing.
				if err := in.Record(ctx, batch); err != nil {
					t.Fatal(err)
				}
				batch = nil
			}
		}
	}
	if err := in.Record(ctx, batch); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var done int
		_ = pool.QueryRow(ctx, `SELECT count(*) FROM updates WHERE processed_at IS NOT NULL`).Scan(&done)
		if done == chats*perChat {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d updates marked done", done, chats*perChat)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	in.Wait()
	mu.Lock()
	defer mu.Unlock()
	for c, ids := range seen {
		if len(ids) != perChat {
			t.Errorf("chat %d: %d updates handled, want %d", c, len(ids), perChat)
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				t.Fatalf("chat %d handled out of order: %v", c, ids)
			}
		}
	}
}
