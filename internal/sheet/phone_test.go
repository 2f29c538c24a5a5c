package sheet

import (
	"errors"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestParsePhoneKeepsDigitsAndDropsChinasCountryCode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"13800138000":       "13800138000",
		"138 0013 8000":     "13800138000",
		"138-0013-8000":     "13800138000",
		"+86 138 0013 8000": "13800138000",
		"+86-13800138000":   "13800138000",
		"0086 13800138000":  "13800138000",
		"8613800138000":     "13800138000",
		"(010) 6552-1234":   "01065521234",
		"010-65521234":      "01065521234",
		"+86 10 6552 1234":  "01065521234",
		"+1 415 555 0100":   "+14155550100",
		"１３８００１３８０００":       "13800138000",
		"13800138000.0":     "13800138000",
	} {
		got, err := ParsePhone(in)
		if err != nil || got != want {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
		if _, err := client.CheckPhone(got); err != nil {
			t.Errorf("ParsePhone(%q) = %q, which client.CheckPhone refuses: %v", in, got, err)
		}
	}
}

func TestParsePhoneRefusesWhatIsNoSinglePhone(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "abc", "1234", "1.38001E+10", "13800138000/13900139000", "13800138000、13900139000",
		"tel: 138", "123456789012345678901", "++86 138",
	} {
		if got, err := ParsePhone(in); !errors.Is(err, ErrValue) {
			t.Errorf("ParsePhone(%q) = %q, %v; want an error wrapping ErrValue", in, got, err)
		}
	}
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"+86 138 0013 8000", "0086-13800138000", "(010) 6552-1234", "1.38E+10", "+1 415 555 0100", "a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePhone(s)
		if err != nil {
			if !errors.Is(err, ErrValue) {
				t.Fatalf("ParsePhone(%q) error %v does not wrap ErrValue", s, err)
			}
			return
		}
		if _, err := client.CheckPhone(got); err != nil {
			t.Fatalf("ParsePhone(%q) = %q, which client.CheckPhone refuses: %v", s, got, err)
		}
		if again, err := ParsePhone(got); err != nil || again != got {
			t.Fatalf("ParsePhone(%q) = %q, which reads back as %q, %v", s, got, again, err)
		}
	})
}
