package feedback

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestCheckBodyAndResolutionCleanOrRefuseTypedText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want string
		why            error // besides ErrInvalid; nil when accepted
	}{
		{"plain text is kept", "交货延迟两周", "交货延迟两周", nil},
		{"ends are trimmed", "  发票开错了 \n", "发票开错了", nil},
		{"lines and tabs are kept", "第一行\n\t第二行", "第一行\n\t第二行", nil},
		{"CR LF becomes LF", "one\r\ntwo", "one\ntwo", nil},
		{"invisible ends are trimmed", "\u200b\ufeff客户满意\u200b", "客户满意", nil},
		{"zero-width inside is kept", "a\u200db", "a\u200db", nil},
		{"the limit itself", strings.Repeat("汉", MaxText), strings.Repeat("汉", MaxText), nil},
		{"limit counts what is left after trimming", " " + strings.Repeat("x", MaxText) + "\u200b", strings.Repeat("x", MaxText), nil},
		{"NUL", "交货\x00延迟", "", client.ErrControlChar},
		{"another C0 control", "bell\x07", "", client.ErrControlChar},
		{"a C1 control", "a\u0091b", "", client.ErrControlChar},
		{"not UTF-8", "bad \xff byte", "", client.ErrControlChar},
		{"empty", "", "", ErrInvalid},
		{"only white space", " \n\t ", "", ErrInvalid},
		{"only zero-width characters", "\u200b\u200b\ufeff", "", ErrInvalid},
		{"over the limit", strings.Repeat("汉", MaxText+1), "", client.ErrTooLong},
	}
	for _, check := range []struct {
		name string
		fn   func(string) (string, error)
	}{{"CheckBody", CheckBody}, {"CheckResolution", CheckResolution}} {
		for _, c := range cases {
			got, err := check.fn(c.in)
			switch {
			case c.why == nil && (err != nil || got != c.want):
				t.Errorf("%s: %s(%.40q) = %q, %v; want %q", c.name, check.name, c.in, got, err, c.want)
			case c.why != nil && (!errors.Is(err, ErrInvalid) || !errors.Is(err, c.why) || got != ""):
				t.Errorf("%s: %s(%.40q) = %q, %v; want ErrInvalid and %v", c.name, check.name, c.in, got, err, c.why)
			}
		}
	}
}

func FuzzCheckBody(f *testing.F) { fuzzCheckText(f, CheckBody) }

func FuzzCheckResolution(f *testing.F) { fuzzCheckText(f, CheckResolution) }

// fuzzCheckText pins what a feedback text checker promises whatever is
// typed: a refusal wraps ErrInvalid, and what it accepts is text the
// schema stores (no NUL, 1..MaxText characters) that it accepts again
// unchanged.
func fuzzCheckText(f *testing.F, check func(string) (string, error)) {
	for _, s := range []string{"交货延迟两周", " a\r\nb\t", "\x00", "\u200b", "a\u0085b", "\xff", "\u200bx\u200b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := check(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("check(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if v == "" || !utf8.ValidString(v) || utf8.RuneCountInString(v) > MaxText {
			t.Fatalf("check(%q) accepted %q", s, v)
		}
		for _, r := range v {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("check(%q) = %q keeps control U+%04X", s, v, r)
			}
		}
		if again, err := check(v); err != nil || again != v {
			t.Fatalf("check(%q) = %q, but check(%q) = %q, %v", s, v, v, again, err)
		}
	})
}
