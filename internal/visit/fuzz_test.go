package visit

import (
	"errors"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/dates"
)

func FuzzParseQuick(f *testing.F) {
	for _, s := range []string{"Acme: phone sent quote, next 2w", "华信：电话 谈了报价，下周二跟进。", "x - y 3天后",
		"a: next: 2026-12-01", "a：跟进 下周", "a: visit", "no separator", "a: b next tue follow up", "：：：", "a: 十天后回访"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, hint, err := parseQuick(s, monday)
		if err != nil {
			if !errors.Is(err, ErrNoSeparator) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLong) && !errors.Is(err, dates.ErrPastDate) {
				t.Fatalf("parseQuick(%q) unexpected error %v", s, err)
			}
			return
		}
		if q.ClientQuery == "" || q.Notes == "" {
			t.Fatalf("parseQuick(%q) = %+v without error", s, q)
		}
		if q.Kind != "" && !q.Kind.Valid() {
			t.Fatalf("parseQuick(%q) kind %q", s, q.Kind)
		}
		if (q.FollowUpOn == nil) != (hint == "") {
			t.Fatalf("parseQuick(%q) follow-up %v with hint %q", s, q.FollowUpOn, hint)
		}
		if q.FollowUpOn == nil {
			return
		}
		d := *q.FollowUpOn
		if d.IsZero() || !d.Equal(dates.Day(d)) || d.Before(monday) || d.After(monday.AddDate(5, 11, 30)) {
			t.Fatalf("parseQuick(%q) follow-up %s out of range", s, d)
		}
		// The hint is cut from the notes (unless the same words were also
		// written earlier, which then rightly stay).
		if strings.Count(s, hint) == 1 && strings.Contains(q.Notes, hint) {
			t.Fatalf("parseQuick(%q) notes %q still hold the hint %q", s, q.Notes, hint)
		}
	})
}
