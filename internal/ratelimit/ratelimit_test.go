package ratelimit_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/ratelimit"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
)

func newLimiter(t *testing.T, l ratelimit.Limits) (*ratelimit.Limiter, func(ratelimit.Limits) *ratelimit.Limiter) {
	t.Helper()
	t.Parallel()
	rdb, prefix := redistest.New(t)
	mk := func(l ratelimit.Limits) *ratelimit.Limiter {
		lim, err := ratelimit.New(rdb, prefix, l)
		if err != nil {
			t.Fatal(err)
		}
		return lim
	}
	return mk(l), mk
}

func reserve(t *testing.T, l *ratelimit.Limiter, chat int64) ratelimit.Reservation {
	t.Helper()
	r, err := l.Reserve(t.Context(), chat)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkSpacing fails unless the slots are at least gap apart once sorted.
func checkSpacing(t *testing.T, slots []time.Time, gap time.Duration) {
	t.Helper()
	slices.SortFunc(slots, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(slots); i++ {
		if d := slots[i].Sub(slots[i-1]); d < gap {
			t.Fatalf("slots %d and %d are %v apart, want at least %v", i-1, i, d, gap)
		}
	}
}

func TestGlobalSlotsAreSpacedAtTheRateLessHeadroom(t *testing.T) {
	lim, _ := newLimiter(t, ratelimit.Limits{Rate: 25})
	rate := 25 * 0.98
	if got, want := lim.Interval(), time.Duration(float64(time.Second)/rate).Truncate(time.Microsecond); got != want {
		t.Fatalf("interval %v, want %v (2%% under 25/s)", got, want)
	}
	var slots []time.Time
	for chat := range int64(30) {
		r := reserve(t, lim, chat+1)
		if !r.OK {
			t.Fatalf("reservation %d refused: %+v", chat, r)
		}
		slots = append(slots, r.At)
	}
	checkSpacing(t, slots, lim.Interval())
	// 30 slots queued in a burst reach about 1.2 s ahead: the last waits.
	if last := reserve(t, lim, 99); last.Delay < time.Second {
		t.Fatalf("31st reservation waits %v, want over a second", last.Delay)
	}
}

func TestReplicasAndGoroutinesShareOneSchedule(t *testing.T) {
	lim, mk := newLimiter(t, ratelimit.Limits{Rate: 1000})
	other := mk(ratelimit.Limits{Rate: 1000}) // another replica, same prefix
	var mu sync.Mutex
	var slots []time.Time
	var wg sync.WaitGroup
	for g := range 8 {
		l := lim
		if g%2 == 1 {
			l = other
		}
		wg.Go(func() {
			for i := range 25 {
				r, err := l.Reserve(t.Context(), int64(g*1000+i+1))
				if err != nil || !r.OK {
					t.Errorf("reserve: %+v %v", r, err)
					return
				}
				mu.Lock()
				slots = append(slots, r.At)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(slots) != 200 {
		t.Fatalf("%d slots", len(slots))
	}
	checkSpacing(t, slots, lim.Interval())
}

func TestBusyChatIsToldWhenFreeAndTakesNoGlobalSlot(t *testing.T) {
	lim, _ := newLimiter(t, ratelimit.Limits{Rate: 25})
	first := reserve(t, lim, 42)
	busy := reserve(t, lim, 42)
	if busy.OK || busy.Delay <= 0 || busy.Delay > time.Second/98*100 {
		t.Fatalf("second message to the chat: %+v, want busy for up to ~1.02s", busy)
	}
	// The refused reservation left the global schedule alone: the next
	// chat gets the slot right after the first one.
	// (Unless the machine stalled past that slot: then the slot is now.)
	next := reserve(t, lim, 43)
	gap := next.At.Sub(first.At)
	if !next.OK || gap != lim.Interval() && !(next.Delay == 0 && gap > lim.Interval()) {
		t.Fatalf("next chat got %+v after first %+v", next, first)
	}
}

func TestGroupsAreSpacedThreeSecondsPrivateChatsOne(t *testing.T) {
	lim, _ := newLimiter(t, ratelimit.Limits{Rate: 25})
	reserve(t, lim, -100)
	reserve(t, lim, 100)
	group, private := reserve(t, lim, -100), reserve(t, lim, 100)
	if group.OK || group.Delay < 2*time.Second || group.Delay > 3100*time.Millisecond {
		t.Fatalf("group: %+v, want busy for about 3s", group)
	}
	if private.OK || private.Delay > 1100*time.Millisecond {
		t.Fatalf("private: %+v, want busy for at most about 1s", private)
	}
}

func TestChatIsFreeAgainAfterTheToldDelay(t *testing.T) {
	lim, _ := newLimiter(t, ratelimit.Limits{Rate: 100, Chat: 30 * time.Millisecond})
	first := reserve(t, lim, 7)
	busy := reserve(t, lim, 7)
	if busy.OK {
		t.Fatalf("second reservation %+v, want busy", busy)
	}
	time.Sleep(busy.Delay)
	again := reserve(t, lim, 7)
	if !again.OK || again.At.Sub(first.At) < 30*time.Millisecond {
		t.Fatalf("after waiting %v: %+v (first at %v)", busy.Delay, again, first.At)
	}
}

func TestPrefixesAreIndependent(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	a, _ := ratelimit.New(rdb, prefix+"a:", ratelimit.Limits{Rate: 1})
	b, _ := ratelimit.New(rdb, prefix+"b:", ratelimit.Limits{Rate: 1})
	ra, _ := a.Reserve(t.Context(), 1)
	rb, err := b.Reserve(t.Context(), 1)
	if err != nil || !ra.OK || !rb.OK || rb.Delay > 100*time.Millisecond {
		t.Fatalf("a %+v, b %+v %v: another prefix must not wait for a's slot", ra, rb, err)
	}
}

func TestNewRejectsImpossibleLimits(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	for _, l := range []ratelimit.Limits{{}, {Rate: -1}, {Rate: 25, Headroom: 1}} {
		if _, err := ratelimit.New(rdb, prefix, l); err == nil {
			t.Errorf("New(%+v) accepted", l)
		}
	}
}
