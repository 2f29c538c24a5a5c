package telegramtest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// idleQuiet is how long no call may arrive before the server counts as idle.
const idleQuiet = 100 * time.Millisecond

// WaitCalls waits until at least n calls were recorded in total and returns
// them all; it fails the test, listing the calls, on timeout.
func (s *Server) WaitCalls(t testing.TB, n int, timeout time.Duration) []Call {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		calls, changed := slices.Clone(s.calls), s.changed
		s.mu.Unlock()
		if len(calls) >= n {
			return calls
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("telegramtest: waited %v for %d calls, got %d:\n%s", timeout, n, len(calls), FormatCalls(calls))
			return nil
		}
	}
}

// WaitFor returns the first call, already recorded or still to come, for
// which pred is true; it fails the test, listing the calls, on timeout. pred
// runs without the server's lock, so it may call the Server.
func (s *Server) WaitFor(t testing.TB, timeout time.Duration, pred func(Call) bool) Call {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	seen := 0
	for {
		s.mu.Lock()
		fresh, changed := slices.Clone(s.calls[seen:]), s.changed
		s.mu.Unlock()
		for _, c := range fresh {
			if pred(c) {
				return c
			}
		}
		seen += len(fresh)
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("telegramtest: no matching call within %v; calls:\n%s", timeout, FormatCalls(s.Calls()))
			return Call{}
		}
	}
}

// WaitIdle waits until every queued update was confirmed (fetched, then
// acknowledged by a later offset), no call is in progress and none arrived
// for about 100ms; it fails the test on timeout.
func (s *Server) WaitIdle(t testing.TB, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		pending, inflight, quiet := len(s.updates), s.inflight, time.Since(s.lastCall)
		s.mu.Unlock()
		if pending == 0 && inflight == 0 && quiet >= idleQuiet {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("telegramtest: not idle after %v: %d updates unconfirmed, %d calls in progress; calls:\n%s",
				timeout, pending, inflight, FormatCalls(s.Calls()))
			return
		}
		time.Sleep(min(10*time.Millisecond, max(idleQuiet-quiet, time.Millisecond)))
	}
}

// FormatCalls lists calls one a line for failure messages, long values cut.
func FormatCalls(calls []Call) string {
	if len(calls) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for i, c := range calls {
		keys := make([]string, 0, len(c.Params))
		for k := range c.Params {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		fmt.Fprintf(&b, "  #%d %s %s", i+1, c.At.Format("15:04:05.000"), c.Method)
		for _, k := range keys {
			v := c.Params[k]
			if r := []rune(v); len(r) > 160 {
				v = string(r[:160]) + "…"
			}
			fmt.Fprintf(&b, " %s=%q", k, v)
		}
		for k, f := range c.Files {
			fmt.Fprintf(&b, " %s=<file %s, %d bytes>", k, c.FileNames[k], len(f))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
