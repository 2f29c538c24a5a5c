package chat

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// TestUsernameIsSafeToAskFromManyWorkers: every worker may build a deep link
// at once; the race detector fails this test if the answer is written
// without a lock.
func TestUsernameIsSafeToAskFromManyWorkers(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	client, err := telegram.NewClient(telegramtest.Token, tg.URL(), time.Minute, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a := &App{tg: client}
	var wg sync.WaitGroup
	names := make([]string, 8)
	for i := range names {
		wg.Go(func() { names[i] = a.Username(context.Background()) })
	}
	wg.Wait()
	for _, n := range names {
		if n == "" || n != names[0] {
			t.Fatalf("usernames %q, want one non-empty name", names)
		}
	}
	if calls := len(tg.CallsTo("getMe")); calls > len(names) {
		t.Fatalf("%d getMe calls", calls)
	}
}
