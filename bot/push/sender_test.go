package push_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/bot/push/pushtest"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestTwoSendersAndTwoProducersSendEveryMessageExactlyOnce(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	e.Start(e.Config())
	e.Start(e.Config())
	// 40 chats with two messages each, enqueued by two producers racing
	// with the same keys while the Senders already run.
	var msgs []outbox.Message
	for i := range 80 {
		msgs = append(msgs, pushMsg(fmt.Sprintf("review:2027-02-06:%d", i), int64(1000+i%40)))
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			err := postgres.InTx(context.Background(), e.Pool, func(tx pgx.Tx) error {
				_, err := outbox.Enqueue(context.Background(), tx, msgs...)
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	st := e.WaitSettled(30 * time.Second)
	if st.Sent != 80 || st.Failed+st.Unreachable != 0 {
		t.Fatalf("stats %+v, want 80 sent", st)
	}
	for c := range 40 {
		want := []string{text(msgs[c].Key), text(msgs[c+40].Key)}
		if got := e.Texts(int64(1000 + c)); !slices.Equal(got, want) {
			t.Fatalf("chat %d received %q, want %q once each, in order", 1000+c, got, want)
		}
	}
	if n := len(e.TG.CallsTo("sendMessage")); n != 80 {
		t.Fatalf("%d sendMessage calls for 80 messages", n)
	}
}

func TestKilledSenderLosesNothingAndResendsAtMostTheOneInFlight(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	release := e.TG.Hang("sendMessage", 1)
	defer release()
	for i := range 12 {
		e.Enqueue(pushMsg(fmt.Sprintf("m%d", i), int64(500+i)))
	}
	cfg := e.Config()
	cfg.Rate, cfg.Workers, cfg.Lease = 20, 3, 1500*time.Millisecond
	stop := e.Start(cfg)
	e.TG.WaitCalls(t, 4, 10*time.Second) // one hangs, others go out
	stop()                               // stopped mid-batch while a send hangs
	release()                            // Telegram delivers the hung message after all
	e.TG.WaitIdle(t, 5*time.Second)

	e.Start(e.Config()) // a new replica takes over once the lease expired
	if st := e.WaitSettled(20 * time.Second); st.Sent != 12 {
		t.Fatalf("stats %+v, want all 12 sent", st)
	}
	dups := 0
	for i := range 12 {
		got := e.Texts(int64(500 + i))
		if len(got) == 0 {
			t.Fatalf("m%d lost", i)
		}
		for _, g := range got {
			if g != text(fmt.Sprintf("m%d", i)) {
				t.Fatalf("chat %d got %q", 500+i, g)
			}
		}
		dups += len(got) - 1
	}
	if dups > 1 {
		t.Fatalf("%d duplicates, want at most the one in flight; calls:\n%s", dups, telegramtest.FormatCalls(e.TG.Calls()))
	}
}

func TestSendsToOneChatAreSpacedAboutASecondAndToAGroupThree(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	e.Start(e.Config())
	e.Start(e.Config())
	for i := range 4 {
		e.Enqueue(pushMsg(fmt.Sprintf("p%d", i), 77), pushMsg(fmt.Sprintf("o%d", i), int64(80+i)))
	}
	e.Enqueue(pushMsg("g0", -1001), pushMsg("g1", -1001))
	e.WaitSettled(30 * time.Second)
	check := func(chat int64, want int, gap time.Duration) {
		calls := e.CallsTo(chat)
		if len(calls) != want {
			t.Fatalf("chat %d: %d calls, want %d", chat, len(calls), want)
		}
		for i := 1; i < len(calls); i++ {
			// A behaviour check with slack for scheduling, not a benchmark.
			if d := calls[i].At.Sub(calls[i-1].At); d < gap {
				t.Errorf("chat %d: sends %d and %d only %v apart, want about %v or more", chat, i-1, i, d, gap)
			}
		}
	}
	check(77, 4, 950*time.Millisecond)
	check(-1001, 2, 2900*time.Millisecond)
	if got := e.Texts(77); !slices.Equal(got, []string{text("p0"), text("p1"), text("p2"), text("p3")}) {
		t.Fatalf("chat 77 got %q out of order", got)
	}
}
