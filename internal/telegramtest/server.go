package telegramtest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Token is the bot token tests give the bot. The server accepts any token.
const Token = "123456:TEST-TOKEN"

// Call is one Bot API request the bot made (getUpdates excluded).
type Call struct {
	// Method is the method name as the bot sent it, e.g. "sendMessage".
	Method string
	// Params holds every non-file field: scalars as sent, structured fields
	// (reply_markup, entities, commands ...) as their JSON text.
	Params map[string]string
	// Files holds the uploaded file parts by field name.
	Files map[string][]byte
	// FileNames holds the file name of each uploaded part by field name.
	FileNames map[string]string
	// At is when the request arrived.
	At time.Time
}

// Server is a running fake Bot API. All methods are safe for concurrent use.
type Server struct {
	url       string
	stop      func() // closes the listener and waits for the handlers
	closing   chan struct{}
	closeOnce sync.Once

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every state change
	calls    []Call
	inflight int
	lastCall time.Time
	failures []failure
	faults   faults

	updates      []queued
	nextUpdateID int64
	allowed      []string // last allowed_updates given to getUpdates; nil = all
	pollKick     chan struct{}
	// pollConflicts counts getUpdates calls a newer one ended.
	pollConflicts int

	nextMsgID int64
	chats     map[int64][]*stored
	userMsgs  map[int64]map[int64]bool // chat -> ids of messages users sent
	users     map[int64]User
	callbacks map[string]bool // callback_query id -> answered
	nextCBQ   int64
	nextFile  int64
	files     fileStore // what users sent, for getFile and downloads

	webhook webhookState

	// What a person in front of the chat sees beyond the bot's messages:
	// their own messages, the menu and the answers to their button presses
	// (see transcript.go).
	view viewState
	// now dates the messages; nil means time.Now. The sandbox sets its
	// business clock so that messages carry the day it plays.
	now func() time.Time
}

type failure struct {
	method      string // lower case
	left        int
	code        int
	description string
	retryAfter  int
}

// New starts a fake Bot API server that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := newServer()
	srv := httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.url, s.stop = srv.URL, srv.Close
	t.Cleanup(s.Close)
	return s
}

// Listen starts the same emulation outside tests, on addr (such as
// "127.0.0.1:0"): `ledgerbot sandbox` runs the whole bot against it, so the
// sandbox and the end-to-end tests exercise one Bot API. ctx bounds only the
// listening; Close stops the server.
func Listen(ctx context.Context, addr string) (*Server, error) {
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("bot api emulator: listen: %w", err)
	}
	s := newServer()
	srv := &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Serve ends with ErrServerClosed on Close; any other end shows
		// in the bot's calls failing, which say why.
		_ = srv.Serve(ln)
	}()
	s.url = "http://" + ln.Addr().String()
	s.stop = func() {
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shut); err != nil {
			_ = srv.Close()
		}
		<-done
	}
	return s, nil
}

func newServer() *Server {
	return &Server{
		closing:      make(chan struct{}),
		changed:      make(chan struct{}),
		nextUpdateID: 100001,
		nextMsgID:    1,
		chats:        map[int64][]*stored{},
		userMsgs:     map[int64]map[int64]bool{},
		users:        map[int64]User{},
		callbacks:    map[string]bool{},
	}
}

// Close ends pending long polls and stops the server; it waits for the
// requests in progress. Calling it again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing) // ends pending long polls so stopping does not wait for them
		s.stop()
	})
}

// SetClock makes the dates of messages (sent and received) come from now
// instead of the wall clock.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// dateLocked is the date to stamp on a message.
func (s *Server) dateLocked() int64 {
	if s.now != nil {
		return s.now().Unix()
	}
	return time.Now().Unix()
}

// URL is the base URL to give the bot as its Bot API URL (TELEGRAM_API_URL):
// requests go to URL()+"/bot"+token+"/"+method.
func (s *Server) URL() string { return s.url }

// Calls returns every request the bot made, in arrival order, getUpdates
// excluded. Failed and unknown-method requests are included.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// CallsTo returns the recorded calls of one method (case-insensitive).
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// FailNext makes the next n calls of method (case-insensitive; getUpdates
// included) answer {"ok":false,"error_code":code,"description":description}
// with HTTP status code, adding parameters.retry_after when retryAfter > 0.
// The calls are still recorded but change nothing. Failures queue up in the
// order they were set.
func (s *Server) FailNext(method string, n int, code int, description string, retryAfter int) {
	if n <= 0 {
		return
	}
	if description == "" {
		description = http.StatusText(code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{
		method: strings.ToLower(method), left: n, code: code,
		description: description, retryAfter: retryAfter,
	})
}

// takeFailureLocked consumes one planned failure of method, if any.
func (s *Server) takeFailureLocked(method string) *apiError {
	m := strings.ToLower(method)
	for i := range s.failures {
		f := &s.failures[i]
		if f.method != m {
			continue
		}
		e := &apiError{code: f.code, description: f.description, retryAfter: f.retryAfter}
		f.left--
		if f.left == 0 {
			s.failures = slices.Delete(s.failures, i, i+1)
		}
		return e
	}
	return nil
}

// notifyLocked wakes everyone waiting for a state change.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}
