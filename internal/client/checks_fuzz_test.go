package client

import (
	"errors"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var reAmount = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12500", "12,500.5", "￥3000", "３０００元", "12，500", ".5", "0", "-5", "1e5",
		"1000000000000.01", "1\x00", "٣", "１２．５", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) || got != "" {
				t.Fatalf("ParseAmount(%q) = %q, %v", s, got, err)
			}
			return
		}
		// What the deal step keeps is what the deals.amount column, numeric(16, 2), takes.
		if !reAmount.MatchString(got) {
			t.Fatalf("ParseAmount(%q) = %q: not decimal text with two places", s, got)
		}
		r, _ := new(big.Rat).SetString(got)
		if r.Sign() <= 0 || r.Cmp(big.NewRat(1_000_000_000_000, 1)) > 0 {
			t.Fatalf("ParseAmount(%q) = %q: out of range", s, got)
		}
		if again, err := ParseAmount(got); err != nil || again != got {
			t.Fatalf("ParseAmount(%q) = %q, but ParseAmount(%q) = %q, %v", s, got, got, again, err)
		}
	})
}

// FuzzContactCheckers pins that the contact checkers return only what
// saving stores without complaint: clean one-line text within its limit,
// a phone of 5 to 20 digits, an email with one @ and a dotted domain.
func FuzzContactCheckers(f *testing.F) {
	for _, s := range []string{"张伟", "+86 138-0013-8000", "zhang@acme.cn", "a@b", "138.0013.8000", "\u200b", "x\x00",
		"Zhang <zhang@acme.cn>", "（０２１）６２３４５６７８", "\"a b\"@c.d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, check := range map[string]func(string) (string, error){
			"name": CheckContactName, "position": CheckPosition, "phone": CheckPhone, "email": CheckEmail,
		} {
			got, err := check(s)
			if err != nil {
				if !errors.Is(err, ErrInvalid) || got != "" {
					t.Fatalf("%s(%q) = %q, %v", name, s, got, err)
				}
				continue
			}
			if strings.ContainsAny(got, "\x00\n\r\t") || utf8.RuneCountInString(got) > MaxEmail {
				t.Fatalf("%s(%q) = %q", name, s, got)
			}
			if again, err := check(got); err != nil || again != got {
				t.Fatalf("%s is not idempotent on %q: %q, then %q, %v", name, s, got, again, err)
			}
			switch name {
			case "name":
				if Normalize(got) == "" {
					t.Fatalf("contact name %q has no letters", got)
				}
			case "phone":
				if n := len(digitsOf(got)); got != "" && (n < 5 || n > 20) {
					t.Fatalf("phone %q has %d digits", got, n)
				}
			case "email":
				if _, domain, ok := strings.Cut(got, "@"); got != "" && (!ok || !strings.Contains(domain, ".")) {
					t.Fatalf("email %q", got)
				}
			}
		}
	})
}
