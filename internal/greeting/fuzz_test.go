package greeting

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"03-18", "2027-03-18", "2月29日", "2027年13月1日", "１２/２５", "", "9999-99-99"} {
		f.Add(s)
	}
	today := time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, err := ParseSpec(s, today)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseSpec(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		vy := y
		if vy == 0 {
			vy = 2000
		}
		if !valid(vy, m, d) {
			t.Fatalf("ParseSpec(%q) = %d-%d-%d, not a day", s, y, m, d)
		}
	})
}

func FuzzCheckBody(f *testing.F) {
	for _, s := range []string{"{contact}您好", "{x}", "{{contact}}", "", "}{", "<b>{client}</b>", "a\x00b", "\u200b", "a\r\nb\tc", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		body, err := CheckBody(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("CheckBody(%q): %v", s, err)
			}
			return
		}
		if body == "" || utf8.RuneCountInString(body) > MaxBody || !utf8.ValidString(body) {
			t.Fatalf("CheckBody(%q) accepted %q", s, body)
		}
		if strings.IndexFunc(body, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
			t.Fatalf("CheckBody(%q) = %q keeps a control character", s, body)
		}
		if again, err := CheckBody(body); err != nil || again != body {
			t.Fatalf("CheckBody(%q) = %q, but CheckBody(%q) = %q, %v", s, body, body, again, err)
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"店庆 / Anniversary", "/", "a/b/c", " ", "a\x00b", "\u200b", "🎉 / Party", "店庆\u200b / x", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		zh, en, err := ParseName(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseName(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		for _, n := range []string{zh, en} {
			if n == "" || utf8.RuneCountInString(n) > MaxName || strings.IndexFunc(n, unicode.IsControl) >= 0 {
				t.Fatalf("ParseName(%q) = %q, %q", s, zh, en)
			}
			// Each name is one the shared rule accepts unchanged: the
			// greeting says what the admin meant, never an invisible name.
			if v, err := client.CleanName(n); err != nil || v != n {
				t.Fatalf("ParseName(%q) name %q: client.CleanName = %q, %v", s, n, v, err)
			}
		}
	})
}
