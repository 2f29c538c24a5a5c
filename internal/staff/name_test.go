package staff

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestCheckTeamNameCleansOrRefusesWithReason(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		why      error // besides ErrInvalidName; nil when accepted
	}{
		{"East", "East", nil},
		{"  华东一组  ", "华东一组", nil},
		{"\u200bEast\ufeff", "East", nil},
		{"East\nWest", "East West", nil},
		{"R&D 2", "R&D 2", nil},
		{strings.Repeat("队", MaxTeamName), strings.Repeat("队", MaxTeamName), nil},
		{"", "", ErrInvalidName},
		{"   ", "", ErrInvalidName},
		{"\u200b", "", client.ErrNoLetters},
		{"\u200b\u200c\ufeff", "", client.ErrNoLetters},
		{"---", "", client.ErrNoLetters},
		{"🚀", "", client.ErrNoLetters},
		{"Ea\x00st", "", client.ErrControlChar},
		{"East\x1b", "", client.ErrControlChar},
		{"a\u0091b", "", client.ErrControlChar},
		{"bad \xff", "", client.ErrControlChar},
		{strings.Repeat("队", MaxTeamName+1), "", client.ErrTooLong},
	}
	for _, c := range cases {
		got, err := CheckTeamName(c.in)
		switch {
		case c.why == nil && (err != nil || got != c.want):
			t.Errorf("CheckTeamName(%.30q) = %q, %v; want %q", c.in, got, err, c.want)
		case c.why != nil && (!errors.Is(err, ErrInvalidName) || !errors.Is(err, ErrInvalid) || !errors.Is(err, c.why) || got != ""):
			t.Errorf("CheckTeamName(%.30q) = %q, %v; want ErrInvalidName and %v", c.in, got, err, c.why)
		}
	}
}

func TestMemberNamesCleanTelegramNamesAndNeverRefuse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, username string
		wantName       string
		wantUsername   string
	}{
		{"张三", "zhangsan", "张三", "zhangsan"},
		{"  Li  Lei \u200b", "lilei", "Li  Lei", "lilei"},
		{"Li\nLei", "", "Li Lei", ""},
		{"\u200b", "lilei", "lilei", "lilei"},
		{"🌸", "hua", "hua", "hua"},
		{"Li\x00Lei", "lilei", "lilei", "lilei"},
		{"Li\x00Lei", "li\x00lei", "#42", ""},
		{"", "", "#42", ""},
	}
	for _, c := range cases {
		name, username := memberNames(TelegramUser{ID: 42, Name: c.name, Username: c.username})
		if name != c.wantName || username != c.wantUsername {
			t.Errorf("memberNames(%q, %q) = %q, %q; want %q, %q", c.name, c.username, name, username, c.wantName, c.wantUsername)
		}
	}
}

func FuzzCheckTeamName(f *testing.F) {
	for _, s := range []string{"East", " 华东一组 ", "\u200b", "a\x00b", "a\r\nb", "---", "\xff", strings.Repeat("队", 101)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := CheckTeamName(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidName) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("CheckTeamName(%q) error %v does not wrap ErrInvalidName", s, err)
			}
			return
		}
		// What it accepts, the schema stores (1..100 characters, no NUL)
		// and the rule accepts again unchanged.
		if v == "" || !utf8.ValidString(v) || utf8.RuneCountInString(v) > MaxTeamName {
			t.Fatalf("CheckTeamName(%q) accepted %q", s, v)
		}
		if strings.IndexFunc(v, unicode.IsControl) >= 0 {
			t.Fatalf("CheckTeamName(%q) = %q keeps a control character", s, v)
		}
		if again, err := CheckTeamName(v); err != nil || again != v {
			t.Fatalf("CheckTeamName(%q) = %q, but CheckTeamName(%q) = %q, %v", s, v, v, again, err)
		}
	})
}
