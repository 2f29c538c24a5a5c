package main

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// logRecorder keeps the messages the bot logged, so a test can wait for
// something the bot did that leaves no other trace (a scheduler that found
// every period done) before it checks that nothing else happened.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

// handler records every message and passes it on to next.
func (l *logRecorder) handler(next slog.Handler) slog.Handler {
	return &recordingHandler{rec: l, next: next}
}

// count is how many messages so far contain s.
func (l *logRecorder) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.msgs {
		if strings.Contains(m, s) {
			n++
		}
	}
	return n
}

// waitCount waits until n messages contain s.
func (l *logRecorder) waitCount(t *testing.T, s string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for l.count(s) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the bot logged %q %d times, want %d", s, l.count(s), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type recordingHandler struct {
	rec  *logRecorder
	next slog.Handler
}

func (h *recordingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordingHandler) Handle(ctx context.Context, r slog.Record) error {
	h.rec.mu.Lock()
	h.rec.msgs = append(h.rec.msgs, r.Message)
	h.rec.mu.Unlock()
	if h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

func (h *recordingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &recordingHandler{rec: h.rec, next: h.next.WithAttrs(as)}
}

func (h *recordingHandler) WithGroup(name string) slog.Handler {
	return &recordingHandler{rec: h.rec, next: h.next.WithGroup(name)}
}
