package greeting

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"
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
	for _, s := range []string{"{contact}您好", "{x}", "{{contact}}", "", "}{", "<b>{client}</b>"} {
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
		if body == "" || utf8.RuneCountInString(body) > maxBody || !utf8.ValidString(body) {
			t.Fatalf("CheckBody(%q) accepted %q", s, body)
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"店庆 / Anniversary", "/", "a/b/c", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		zh, en, err := ParseName(s)
		if err != nil {
			return
		}
		if zh == "" || en == "" || utf8.RuneCountInString(zh) > maxName || utf8.RuneCountInString(en) > maxName {
			t.Fatalf("ParseName(%q) = %q, %q", s, zh, en)
		}
	})
}
