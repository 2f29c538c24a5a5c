package push_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/push/pushtest"
)

func Test429StormPausesTheChatAndDeliversEverythingWithoutFailures(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	e.TG.FailChat(7, 3, 429, "Too Many Requests: retry after 1", 1)
	e.Enqueue(pushMsg("a1", 7), pushMsg("a2", 7), pushMsg("b", 8), pushMsg("c", 9))
	e.Start(e.Config())
	e.Start(e.Config())
	if st := e.WaitSettled(30 * time.Second); st.Sent != 4 || st.Failed != 0 {
		t.Fatalf("stats %+v, want all 4 sent and none failed", st)
	}
	if got := e.Texts(7); !slices.Equal(got, []string{text("a1"), text("a2")}) {
		t.Fatalf("chat 7 got %q", got)
	}
	for _, k := range []string{"a1", "a2"} {
		if _, attempts, _ := e.RowOf(k); attempts != 0 {
			t.Fatalf("%s counted %d attempts for 429s", k, attempts)
		}
	}
	if n := len(e.CallsTo(7)); n != 5 {
		t.Fatalf("%d calls to chat 7, want 3 refused + 2 delivered", n)
	}
	st, err := e.Store.Chat(context.Background(), 7)
	if err != nil || st.PausedUntil == nil {
		t.Fatalf("chat 7 state %+v %v: want it paused", st, err)
	}
	if st, _ := e.Store.Chat(context.Background(), 8); st.PausedUntil != nil {
		t.Fatal("a chat Telegram did not refuse was paused")
	}
}

func TestServerErrorsAreRetriedWithBackoffThenDelivered(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	e.TG.FailChat(8, 3, 500, "Internal Server Error", 0)
	e.Enqueue(pushMsg("x", 8))
	e.Start(e.Config())
	if st := e.WaitSettled(20 * time.Second); st.Sent != 1 {
		t.Fatalf("stats %+v", st)
	}
	status, attempts, lastErr := e.RowOf("x")
	if status != "sent" || attempts != 3 || lastErr != "server 500" {
		t.Fatalf("row: %s, %d attempts, %q; want sent after 3 counted failures", status, attempts, lastErr)
	}
	if got := e.Texts(8); !slices.Equal(got, []string{text("x")}) {
		t.Fatalf("chat got %q", got)
	}
}

func TestPersistentServerErrorsEndFailedWithTheError(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	e.TG.FailChat(9, 100, 502, "Bad Gateway", 0)
	e.Enqueue(pushMsg("x", 9))
	cfg := e.Config()
	cfg.MaxAttempts = 3
	e.Start(cfg)
	if st := e.WaitSettled(20 * time.Second); st.Failed != 1 {
		t.Fatalf("stats %+v, want the row failed", st)
	}
	failed, err := e.Store.Failed(context.Background(), 10)
	if err != nil || len(failed) != 1 || failed[0].Attempts != 3 || failed[0].LastError != "server 502" {
		t.Fatalf("failed rows %+v %v", failed, err)
	}
	if n := len(e.CallsTo(9)); n != 3 {
		t.Fatalf("%d calls, want MaxAttempts = 3", n)
	}
}

func TestBlockedChatBecomesUnreachableAndIsNotRetried(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	e.TG.FailChat(10, 1, 403, "Forbidden: bot was blocked by the user", 0)
	e.Enqueue(pushMsg("x1", 10), pushMsg("x2", 10), pushMsg("x3", 10), pushMsg("y", 11))
	e.Start(e.Config())
	if st := e.WaitSettled(20 * time.Second); st.Unreachable != 3 || st.Sent != 1 {
		t.Fatalf("stats %+v, want x1-x3 unreachable and y sent", st)
	}
	if n := len(e.CallsTo(10)); n != 1 {
		t.Fatalf("%d calls to the blocked chat, want 1", n)
	}
	_, _, lastErr := e.RowOf("x3")
	st, err := e.Store.Chat(context.Background(), 10)
	const cause = "blocked 403: bot was blocked by the user"
	if err != nil || st.UnreachableAt == nil || st.Reason != cause || lastErr != cause {
		t.Fatalf("chat state %+v %v, x3 error %q", st, err, lastErr)
	}
	e.Enqueue(pushMsg("x4", 10))
	if status, _, _ := e.RowOf("x4"); status != "unreachable" {
		t.Fatalf("a new message to the blocked chat is %s", status)
	}
}

func TestBadRequestFailsAtOnce(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	m := pushMsg("x", 12)
	m.Text = "<b>unclosed"
	e.Enqueue(m)
	e.Start(e.Config())
	if st := e.WaitSettled(20 * time.Second); st.Failed != 1 {
		t.Fatalf("stats %+v", st)
	}
	status, attempts, lastErr := e.RowOf("x")
	if status != "failed" || attempts != 1 || !strings.HasPrefix(lastErr, "bad_request 400: can't parse entities") {
		t.Fatalf("row %s, %d attempts, %q", status, attempts, lastErr)
	}
	if n := len(e.CallsTo(12)); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
}

func TestNetworkFailureIsStoredAsAShortCauseWithoutTheURL(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	e.Enqueue(pushMsg("x", 13))
	cfg := e.Config()
	cfg.APIURL = pushtest.DeadURL(t)
	cfg.MaxAttempts = 2
	e.Start(cfg)
	if st := e.WaitSettled(20 * time.Second); st.Failed != 1 {
		t.Fatalf("stats %+v, want the row failed", st)
	}
	status, attempts, lastErr := e.RowOf("x")
	if status != "failed" || attempts != 2 || lastErr != "network" {
		t.Fatalf("row %s, %d attempts, %q; want failed after 2 with cause network", status, attempts, lastErr)
	}
}

func TestSendThatOutlivesItsBudgetIsStoredAsATimeout(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	release := e.TG.Hang("sendMessage", 1)
	defer release()
	e.Enqueue(pushMsg("x", 14))
	cfg := e.Config()
	cfg.Lease = 900 * time.Millisecond // 600 ms to send
	cfg.MaxAttempts = 1
	e.Start(cfg)
	if st := e.WaitSettled(20 * time.Second); st.Failed != 1 {
		t.Fatalf("stats %+v, want the row failed", st)
	}
	if _, _, lastErr := e.RowOf("x"); lastErr != "timeout" {
		t.Fatalf("cause %q, want timeout", lastErr)
	}
}
