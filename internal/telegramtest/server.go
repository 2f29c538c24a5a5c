package telegramtest

import (
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
	srv     *httptest.Server
	closing chan struct{}

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
	s := &Server{
		closing:      make(chan struct{}),
		changed:      make(chan struct{}),
		nextUpdateID: 100001,
		nextMsgID:    1,
		chats:        map[int64][]*stored{},
		userMsgs:     map[int64]map[int64]bool{},
		users:        map[int64]User{},
		callbacks:    map[string]bool{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(func() {
		close(s.closing) // ends pending long polls so Close does not wait for them
		s.srv.Close()
	})
	return s
}

// URL is the base URL to give the bot as its Bot API URL (TELEGRAM_API_URL):
// requests go to URL()+"/bot"+token+"/"+method.
func (s *Server) URL() string { return s.srv.URL }

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
