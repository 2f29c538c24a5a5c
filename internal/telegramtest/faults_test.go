package telegramtest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestFailChatRefusesOnlyThatChatAsOftenAsAsked(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	s.FailChat(7, 2, 429, "Too Many Requests: retry after 3", 3)
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 8, Text: "other chat"}); err != nil {
		t.Fatalf("another chat failed: %v", err)
	}
	for range 2 {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 7, Text: "x"})
		var tooMany *bot.TooManyRequestsError
		if !errors.As(err, &tooMany) || tooMany.RetryAfter != 3 {
			t.Fatalf("err = %v, want 429 with retry_after 3", err)
		}
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 7, Text: "third"}); err != nil {
		t.Fatalf("third call: %v", err)
	}
	if msgs := s.Messages(7); len(msgs) != 1 || msgs[0].Text != "third" {
		t.Fatalf("chat 7 holds %+v, want only the third message", msgs)
	}
	if n := len(s.CallsTo("sendMessage")); n != 4 {
		t.Fatalf("%d calls recorded, want 4 (failed ones too)", n)
	}
}

func TestHangHoldsACallUntilReleasedThenDeliversIt(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	release := s.Hang("sendMessage", 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 7, Text: "stuck"})
		done <- err
	}()
	s.WaitCalls(t, 1, 5*time.Second)
	if len(s.Messages(7)) != 0 {
		t.Fatal("a hanging call was delivered before its release")
	}
	cancel() // the bot gives up on the call ...
	if err := <-done; err == nil {
		t.Fatal("a cancelled call succeeded")
	}
	release() // ... but Telegram still delivers it.
	s.WaitIdle(t, 5*time.Second)
	if msgs := s.Messages(7); len(msgs) != 1 || msgs[0].Text != "stuck" {
		t.Fatalf("chat holds %+v, want the released message", msgs)
	}
	release()
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 7, Text: "next"}); err != nil {
		t.Fatalf("later call: %v", err)
	}
}

func TestSetLatencyDelaysAnswers(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	s.SetLatency(30 * time.Millisecond)
	start := time.Now()
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 7, Text: "slow"}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("answered after %v, want at least the latency", d)
	}
}
