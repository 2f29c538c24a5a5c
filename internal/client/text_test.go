package client

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanTextRefusesControlCharactersAndFoldsLineBreaks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		in        string
		multiline bool
		want      string
		err       error
	}{
		{"plain text is trimmed", "  华为技术  ", false, "华为技术", nil},
		{"NUL is refused in a line", "Acme\x00 Trading", false, "", ErrControlChar},
		{"NUL is refused in notes too", "met\x00 Bob", true, "", ErrControlChar},
		{"other C0 controls are refused", "Acme\x07", false, "", ErrControlChar},
		{"DEL is refused", "Acme\x7f", true, "", ErrControlChar},
		{"C1 controls are refused", "Acme\u0090Ltd", false, "", ErrControlChar},
		{"invalid UTF-8 is refused", "Acme\xff", false, "", ErrControlChar},
		{"a line break in a name becomes a space", "华为技术\n有限公司", false, "华为技术 有限公司", nil},
		{"a run of breaks and tabs is one space", "Acme\r\n\t Trading", false, "Acme Trading", nil},
		{"notes keep line breaks and tabs", "line one\n\tline two", true, "line one\n\tline two", nil},
		{"CR LF and CR become LF in notes", "a\r\nb\rc", true, "a\nb\nc", nil},
		{"VT, FF and NEL break lines in notes", "a\vb\fc\u0085d", true, "a\nb\nc\nd", nil},
		{"zero-width characters at the ends are trimmed", "\u200b\ufeffAcme\u200d\u2060", false, "Acme", nil},
		{"zero-width characters inside stay", "Ac\u200bme", false, "Ac\u200bme", nil},
		{"only zero-width characters is empty", "\u200b\u200c\u200d", false, "", nil},
		{"empty stays empty", "", true, "", nil},
	}
	for _, c := range cases {
		got, err := CleanText(c.in, c.multiline)
		if !errors.Is(err, c.err) || c.err == nil && err != nil || got != c.want {
			t.Errorf("%s: CleanText(%q, %v) = %q, %v; want %q, %v", c.name, c.in, c.multiline, got, err, c.want, c.err)
		}
	}
}

func TestCleanNameRefusesNamesWithoutLettersOrDigits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want string
		err  error
	}{
		{"华为", "华为", nil},
		{" Acme 2 ", "Acme 2", nil},
		{"", "", nil},
		{" \t", "", nil}, // blank: the caller's "required"
		{"\u200b", "", ErrNoLetters},
		{"\u200b\u00ad\u200b!", "", ErrNoLetters},
		{"***", "", ErrNoLetters},
		{"🙂🙂", "", ErrNoLetters},
		{"A\x00", "", ErrControlChar},
	}
	for _, c := range cases {
		got, err := CleanName(c.in)
		if !errors.Is(err, c.err) || c.err == nil && err != nil || got != c.want {
			t.Errorf("CleanName(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"华为技术", "a\x00b", "a\r\nb", "\u200b", "x\u0085y", "\xff", "\t\n", "A\u200dB"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		got, err := CleanText(s, multiline)
		if err != nil {
			if !errors.Is(err, ErrControlChar) || got != "" {
				t.Fatalf("CleanText(%q) = %q, %v", s, got, err)
			}
			return
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > utf8.RuneCountInString(s) {
			t.Fatalf("CleanText(%q) = %q", s, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
				t.Fatalf("CleanText(%q, %v) = %q keeps control U+%04X", s, multiline, got, r)
			}
		}
		if got != strings.TrimFunc(got, blankEdge) {
			t.Fatalf("CleanText(%q) = %q is not trimmed", s, got)
		}
		if again, err := CleanText(got, multiline); err != nil || again != got {
			t.Fatalf("CleanText is not idempotent: %q -> %q -> %q, %v", s, got, again, err)
		}
	})
}

func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"华为技术有限公司", "Acme\x00", "\u200b", "有限公司", "!!", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CleanName(s)
		if err != nil {
			if !errors.Is(err, ErrControlChar) && !errors.Is(err, ErrNoLetters) {
				t.Fatalf("CleanName(%q): unexpected error %v", s, err)
			}
			return
		}
		if strings.ContainsAny(got, "\x00\n\t\r") {
			t.Fatalf("CleanName(%q) = %q is not one clean line", s, got)
		}
		// A name it accepts is one the duplicate check and search can key.
		if got != "" && utf8.RuneCountInString(got) <= maxInputRunes && Normalize(got) == "" {
			t.Fatalf("CleanName(%q) = %q normalises to nothing", s, got)
		}
	})
}
