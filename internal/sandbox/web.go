package sandbox

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

//go:embed web
var webFS embed.FS

// Forwarder moves the business clock to the chosen day and runs that day's
// jobs; the command that wires the bot provides it.
type Forwarder func(ctx context.Context, day time.Time) (Forward, error)

// Forward is what a fast-forward did.
type Forward struct {
	Now  time.Time `json:"now"`
	Jobs []JobRun  `json:"jobs"`
}

// JobRun is one job a fast-forward ran.
type JobRun struct {
	Name     string `json:"name"`
	Period   string `json:"period"`
	Enqueued int    `json:"enqueued"`
	Error    string `json:"error,omitempty"`
}

// ErrPast is returned by a Forwarder for a day the clock has passed.
var ErrPast = errors.New("that day is not ahead of the sandbox's clock")

// Web is the sandbox's web chat: the page, and the JSON endpoints through
// which it speaks for a seeded person to the Bot API emulation.
type Web struct {
	tg      *telegramtest.Server
	clock   *Clock
	loc     *time.Location
	forward Forwarder
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler // mux behind guard
	// poll bounds one long poll of a chat, so proxies and browsers never
	// see a request hang for long.
	poll time.Duration

	uploadMu  sync.Mutex
	uploaded  int64 // bytes of the files visitors sent, kept by tg
	maxStored int64 // bound on uploaded
}

// NewWeb returns the web chat on tg, showing clock's time in loc.
func NewWeb(tg *telegramtest.Server, clock *Clock, loc *time.Location, forward Forwarder, log *slog.Logger) *Web {
	w := &Web{tg: tg, clock: clock, loc: loc, forward: forward, log: log, mux: http.NewServeMux(), poll: 25 * time.Second,
		maxStored: maxStored}
	static, _ := fs.Sub(webFS, "web")
	files := http.FileServerFS(static)
	w.mux.Handle("GET /", noCache(files))
	w.mux.HandleFunc("GET /api/people", w.people)
	w.mux.HandleFunc("GET /api/chats/{id}", w.chat)
	w.mux.HandleFunc("POST /api/chats/{id}/text", w.text)
	w.mux.HandleFunc("POST /api/chats/{id}/press", w.press)
	w.mux.HandleFunc("POST /api/chats/{id}/location", w.location)
	w.mux.HandleFunc("POST /api/chats/{id}/contact", w.contact)
	w.mux.HandleFunc("POST /api/chats/{id}/document", w.document)
	w.mux.HandleFunc("GET /api/chats/{id}/files/{file}", w.file)
	w.mux.HandleFunc("POST /api/clock", w.fastForward)
	w.handler = guard(w.mux)
	return w
}

// ServeHTTP serves the page and the API.
func (w *Web) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	// Everything the page needs comes from here: no other origin may run
	// script, be framed or framed in.
	rw.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'")
	w.handler.ServeHTTP(rw, r)
}

func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(rw, r)
	})
}

// clockJSON is the business time as the page shows it.
type clockJSON struct {
	Now   string `json:"now"`   // RFC 3339 in the zone
	Today string `json:"today"` // YYYY-MM-DD
	// Max is the last day fast-forward accepts (forwardLimit).
	Max string `json:"max"`
}

func (w *Web) clockNow() clockJSON {
	now := w.clock.Now().In(w.loc)
	return clockJSON{Now: now.Format(time.RFC3339), Today: now.Format(time.DateOnly),
		Max: forwardLimit(now).Format(time.DateOnly)}
}

// forwardLimit is the last day fast-forward goes to from now: a year ahead,
// far enough for every job's period (next New Year's Day included). The
// clock cannot be moved back, so a slip of the year (2062 for 2026) would
// strand the demo in a year where the whole ledger is overdue, and past
// 9999 the clock no longer encodes as RFC 3339.
func forwardLimit(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y+1, m, d, 0, 0, 0, 0, now.Location())
}

func (w *Web) people(rw http.ResponseWriter, _ *http.Request) {
	writeJSON(rw, http.StatusOK, struct {
		People []Person  `json:"people"`
		Clock  clockJSON `json:"clock"`
	}{People, w.clockNow()})
}

// personOf reads the {id} of a chat route: one of the People.
func (w *Web) personOf(rw http.ResponseWriter, r *http.Request) (Person, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p, ok := PersonByID(id)
	if err != nil || !ok {
		writeError(rw, http.StatusNotFound, "no such person")
		return Person{}, false
	}
	return p, true
}

// user is the Telegram user the page speaks for.
func (p Person) user() telegramtest.User {
	return telegramtest.User{ID: p.TelegramID, FirstName: p.Name, LanguageCode: p.Lang}
}

func (w *Web) fastForward(rw http.ResponseWriter, r *http.Request) {
	var req struct {
		Date string `json:"date"`
	}
	if !readJSON(rw, r, &req) {
		return
	}
	day, err := time.ParseInLocation(time.DateOnly, req.Date, w.loc)
	if err != nil {
		writeError(rw, http.StatusBadRequest, "want a date like 2026-12-01")
		return
	}
	if limit := forwardLimit(w.clock.Now().In(w.loc)); day.After(limit) {
		writeError(rw, http.StatusUnprocessableEntity, "pick a day up to "+limit.Format(time.DateOnly)+": fast-forward goes at most a year ahead")
		return
	}
	// Once started, the day runs to its end even if the page goes away: the
	// clock has moved, and a job cut off then would not run that day at all.
	res, err := w.forward(context.WithoutCancel(r.Context()), day)
	switch {
	case errors.Is(err, ErrPast):
		writeError(rw, http.StatusConflict, "pick a day after "+w.clockNow().Today)
		return
	case err != nil:
		w.log.Error("fast-forward failed", slog.String("day", req.Date), slog.Any("error", err))
		writeError(rw, http.StatusInternalServerError, "the jobs did not run; see the log")
		return
	}
	writeJSON(rw, http.StatusOK, struct {
		Forward
		Clock clockJSON `json:"clock"`
	}{res, w.clockNow()})
}

// maxJSON bounds a JSON request body.
const maxJSON = 64 << 10

func readJSON(rw http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(rw, r.Body, maxJSON))
	if err := dec.Decode(v); err != nil {
		writeError(rw, http.StatusBadRequest, "bad JSON body")
		return false
	}
	return true
}

func writeJSON(rw http.ResponseWriter, status int, v any) {
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	_ = json.NewEncoder(rw).Encode(v)
}

func writeError(rw http.ResponseWriter, status int, msg string) {
	writeJSON(rw, status, struct {
		Error string `json:"error"`
	}{msg})
}
