package chat

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/greeting"
)

// refusalReason reports whether err carries a reason the chat can name.
func refusalReason(err error) bool {
	return errors.Is(err, client.ErrInvalid) || errors.Is(err, client.ErrControlChar) ||
		errors.Is(err, client.ErrNoLetters) || errors.Is(err, client.ErrTooLong)
}

// FuzzContactName pins that what the contact steps keep from one answer is
// a name and a position that AddContact stores as they are.
func FuzzContactName(f *testing.F) {
	for _, s := range []string{"张伟 采购经理", "Zhang Wei, purchasing manager", "李娜，总经理", "\u200b", "★, buyer", "a\x00b", "x/y/z", "张伟\n采购经理"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, pos, err := contactName(s)
		if err != nil {
			if !refusalReason(err) || name != "" || pos != "" {
				t.Fatalf("contactName(%q) = %q, %q, %v", s, name, pos, err)
			}
			return
		}
		if n, err := client.CheckContactName(name); err != nil || n != name {
			t.Fatalf("contactName(%q) name %q: CheckContactName gives %q, %v", s, name, n, err)
		}
		if p, err := client.CheckPosition(pos); err != nil || p != pos {
			t.Fatalf("contactName(%q) position %q: CheckPosition gives %q, %v", s, pos, p, err)
		}
	})
}

// FuzzOccasionName pins that a custom date's name the step keeps is one
// greeting.ParseName reads again when the date is saved, each name with
// letters and no control characters.
func FuzzOccasionName(f *testing.F) {
	for _, s := range []string{"公司周年庆 / Company Anniversary", "Anniversary", "\u200b / x", "★ / Anniversary", "a\x07", "/", "a /"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kept, err := occasionName(s)
		if err != nil {
			if !refusalReason(err) && !errors.Is(err, greeting.ErrInvalid) {
				t.Fatalf("occasionName(%q): unexpected error %v", s, err)
			}
			return
		}
		zh, en, err := greeting.ParseName(kept)
		if err != nil {
			t.Fatalf("occasionName(%q) = %q, which ParseName refuses: %v", s, kept, err)
		}
		for _, n := range []string{zh, en} {
			if c, err := client.CleanName(n); err != nil || c == "" {
				t.Fatalf("occasionName(%q) keeps name %q: %v", s, n, err)
			}
		}
	})
}

// FuzzFeedbackText pins that a feedback body or resolution the steps keep
// holds no control character but line breaks and tabs, and fits
// feedback.MaxText.
func FuzzFeedbackText(f *testing.F) {
	for _, s := range []string{"Late delivery", "晚了\n两天", "a\x00b", "\u200b", strings.Repeat("x", feedback.MaxText+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kept, err := feedbackText(s)
		if err != nil {
			if !refusalReason(err) {
				t.Fatalf("feedbackText(%q): unexpected error %v", s, err)
			}
			return
		}
		if strings.ContainsAny(kept, "\x00\r") || utf8.RuneCountInString(kept) > feedback.MaxText || !utf8.ValidString(kept) {
			t.Fatalf("feedbackText(%q) = %q", s, kept)
		}
	})
}
