package telegramtest_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// fatalRecorder is a testing.TB whose Fatalf records the message and ends
// the goroutine, as the real one does.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// failureOf runs fn with a fatalRecorder and returns its Fatalf message.
func failureOf(t *testing.T, fn func(tb testing.TB)) string {
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(rec)
	}()
	<-done
	return rec.msg
}

func TestWaitForReturnsAFutureMatchingCall(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	go func() {
		time.Sleep(50 * time.Millisecond)
		_, _ = b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: alice.ID, Text: "first"})
		_, _ = b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: alice.ID, Text: "second"})
	}()
	c := s.WaitFor(t, 2*time.Second, func(c telegramtest.Call) bool { return c.Params["text"] == "second" })
	if c.Method != "sendMessage" || c.At.IsZero() {
		t.Errorf("WaitFor = %+v", c)
	}
	if calls := s.WaitCalls(t, 2, time.Second); len(calls) != 2 || calls[0].Params["text"] != "first" {
		t.Errorf("WaitCalls = %+v", calls)
	}
}

func TestWaitersFailTheTestListingTheCalls(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: alice.ID, Text: "only this"}); err != nil {
		t.Fatal(err)
	}
	msg := failureOf(t, func(tb testing.TB) {
		s.WaitFor(tb, 50*time.Millisecond, func(c telegramtest.Call) bool { return c.Method == "editMessageText" })
	})
	if !strings.Contains(msg, "no matching call") || !strings.Contains(msg, `text="only this"`) {
		t.Errorf("WaitFor failure = %q", msg)
	}
	msg = failureOf(t, func(tb testing.TB) { s.WaitCalls(tb, 2, 50*time.Millisecond) })
	if !strings.Contains(msg, "for 2 calls, got 1") {
		t.Errorf("WaitCalls failure = %q", msg)
	}
	s.SendText(alice, "never fetched")
	msg = failureOf(t, func(tb testing.TB) { s.WaitIdle(tb, 150*time.Millisecond) })
	if !strings.Contains(msg, "1 updates unconfirmed") {
		t.Errorf("WaitIdle failure = %q", msg)
	}
}

func TestWaitIdleWaitsForConfirmationAndQuiet(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	id := s.SendText(alice, "/start")
	go func() { // a minimal bot: fetch, answer, confirm
		ctx := context.Background()
		_, _, _, _ = getUpdates(ctx, t, s, 0, 1, 100, "")
		time.Sleep(50 * time.Millisecond)
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "欢迎"})
		_, _, _, _ = getUpdates(ctx, t, s, id+1, 0, 100, "")
	}()
	start := time.Now()
	s.WaitIdle(t, 2*time.Second)
	if s.Pending() != 0 || len(s.CallsTo("sendMessage")) != 1 {
		t.Errorf("idle with %d pending and %d replies", s.Pending(), len(s.CallsTo("sendMessage")))
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Errorf("idle after %v, before the reply had been quiet for 100ms", elapsed)
	}
}
