package outbox_test

import (
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// The stored forms sit in rows written by earlier releases: they never change.
func TestCauseStoredFormIsStableAndReadBack(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cause  outbox.Cause
		stored string
	}{
		{outbox.Cause{Kind: outbox.CauseNetwork}, "network"},
		{outbox.Cause{Kind: outbox.CauseTimeout}, "timeout"},
		{outbox.Cause{Kind: outbox.CauseServer, Code: 502}, "server 502"},
		{outbox.Cause{Kind: outbox.CauseRateLimited, Code: 429}, "rate_limited 429"},
		{outbox.Cause{Kind: outbox.CauseBlocked, Code: 403, Detail: "bot was blocked by the user"}, "blocked 403: bot was blocked by the user"},
		{outbox.Cause{Kind: outbox.CauseBadRequest, Code: 400, Detail: "can't parse entities: Unsupported start tag \"x\" at byte offset 0"},
			"bad_request 400: can't parse entities: Unsupported start tag \"x\" at byte offset 0"},
		{outbox.Cause{Kind: outbox.CauseRefused, Code: 401}, "refused 401"},
		{outbox.Cause{Kind: outbox.CauseBadAnswer}, "bad_answer"},
		{outbox.Cause{Kind: outbox.CauseOther}, "other"},
	} {
		if got := tc.cause.String(); got != tc.stored {
			t.Errorf("%+v stored as %q, want %q", tc.cause, got, tc.stored)
		}
		if got, ok := outbox.ParseCause(tc.stored); !ok || got != tc.cause {
			t.Errorf("ParseCause(%q) = %+v, %v", tc.stored, got, ok)
		}
	}
}

func TestParseCauseRefusesTextThatIsNotACause(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "lease of host-1-ab expired mid-send",
		`error do request for method sendMessage, Post "http://127.0.0.1:1/bot***/sendMessage": dial tcp 127.0.0.1:1: connect: connection refused`,
		"Forbidden: bot was blocked by the user", "server x", "server 1000", "network : x"} {
		if c, ok := outbox.ParseCause(s); ok {
			t.Errorf("ParseCause(%q) = %+v, want not a cause", s, c)
		}
	}
}

func TestCauseDetailIsOneShortLine(t *testing.T) {
	t.Parallel()
	c := outbox.Cause{Kind: outbox.CauseBadRequest, Code: 400, Detail: "line one\nline two " + strings.Repeat("é", 500)}
	s := c.String()
	if strings.Contains(s, "\n") || len([]rune(s)) > 220 {
		t.Fatalf("stored %q", s)
	}
}

func FuzzParseCause(f *testing.F) {
	for _, s := range []string{"network", "server 502: Bad Gateway", "blocked 403: bot was blocked by the user", "x 1: y", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := outbox.ParseCause(s)
		if !ok {
			return
		}
		again, ok := outbox.ParseCause(c.String())
		if !ok || again.Kind != c.Kind || again.Code != c.Code {
			t.Fatalf("%q read as %+v, stored as %q, read back as %+v %v", s, c, c.String(), again, ok)
		}
	})
}
