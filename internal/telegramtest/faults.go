package telegramtest

import (
	"strconv"
	"strings"
	"time"
)

// faults are the per-chat failures, hangs and latency a test of the sender
// injects, beside FailNext's per-method failures.
type faults struct {
	chatFailures []chatFailure
	hangs        []hang
	latency      time.Duration
}

type chatFailure struct {
	chatID int64
	left   int
	err    apiError
}

type hang struct {
	method  string // lower case
	left    int
	release chan struct{}
}

// FailChat makes the next n calls that carry chat_id chatID (whatever the
// method) answer like FailNext does: error code, description and, when
// retryAfter > 0, parameters.retry_after. Telegram answers 403 and 429 per
// chat, so a sender's tests need them per chat. Failures set by FailNext
// for the same call come first.
func (s *Server) FailChat(chatID int64, n int, code int, description string, retryAfter int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.chatFailures = append(s.faults.chatFailures, chatFailure{chatID: chatID, left: n,
		err: apiError{code: code, description: description, retryAfter: retryAfter}})
}

// Hang makes the next n calls of method (case-insensitive) wait, once
// recorded, until release is called or the server closes; then they are
// answered as usual even if the bot gave up on them, as Telegram would
// deliver a message whose answer was lost. release may be called more than
// once.
func (s *Server) Hang(method string, n int) (release func()) {
	ch := make(chan struct{})
	released := false
	release = func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !released {
			released = true
			close(ch)
		}
	}
	if n > 0 {
		s.mu.Lock()
		s.faults.hangs = append(s.faults.hangs, hang{method: strings.ToLower(method), left: n, release: ch})
		s.mu.Unlock()
	}
	return release
}

// SetLatency makes every later call (getUpdates aside) take at least d
// before it is answered, like the network and Telegram's servers do; a
// benchmark uses it to see how a sender behaves with real round trips.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.latency = d
}

// holdLocked says how one call of method to chat must be delayed: a hang's
// release channel (or nil), the latency, and a per-chat failure to answer
// with (or nil).
func (s *Server) holdLocked(method, chat string) (release chan struct{}, latency time.Duration, fail *apiError) {
	f := &s.faults
	m := strings.ToLower(method)
	for i := range f.hangs {
		if f.hangs[i].method == m {
			release = f.hangs[i].release
			if f.hangs[i].left--; f.hangs[i].left == 0 {
				f.hangs = append(f.hangs[:i], f.hangs[i+1:]...)
			}
			break
		}
	}
	if id, err := strconv.ParseInt(chat, 10, 64); err == nil && id != 0 {
		for i := range f.chatFailures {
			if f.chatFailures[i].chatID == id {
				e := f.chatFailures[i].err
				fail = &e
				if f.chatFailures[i].left--; f.chatFailures[i].left == 0 {
					f.chatFailures = append(f.chatFailures[:i], f.chatFailures[i+1:]...)
				}
				break
			}
		}
	}
	return release, f.latency, fail
}

// hold waits for a hang's release and the latency, or for the server to close.
func (s *Server) hold(release chan struct{}, latency time.Duration) {
	if release != nil {
		select {
		case <-release:
		case <-s.closing:
		}
	}
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-s.closing:
		}
	}
}
