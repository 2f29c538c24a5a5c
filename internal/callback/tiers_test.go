package callback

import (
	"errors"
	"testing"
)

func TestTierActionsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a    Action
		want string
	}{
		{Tiers{Team: 3}, "tl:3:0"},
		{Tiers{Team: maxID, Page: MaxTiersPage}, "tl:9223372036854775807:1000"},
		{TierChange{9}, "tc:9"},
		{TierKeep{maxID}, "tk:9223372036854775807"},
	} {
		got := c.a.Data()
		if got != c.want {
			t.Errorf("%#v.Data() = %q, want %q", c.a, got, c.want)
		}
		back, err := Parse(got)
		if err != nil || back != c.a {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", got, back, err, c.a)
		}
	}
}

func TestTierActionsRefuseForgedData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"tl", "tl:", "tl:3", "tl:3:", "tl:0:0", "tl:-3:0", "tl:3:1001", "tl:3:01", "tl:3:-1", "tl:3:0:0", "tl::0",
		"tc", "tc:", "tc:0", "tc:09", "tc:9:1", "tc:x", "tk", "tk:", "tk:-9", "tk:9223372036854775808",
	} {
		if a, err := Parse(s); !errors.Is(err, ErrMalformed) || a != nil {
			t.Errorf("Parse(%q) = %#v, %v; want ErrMalformed", s, a, err)
		}
	}
	for _, a := range []Action{Tiers{}, Tiers{Team: 3, Page: -1}, Tiers{Team: 3, Page: MaxTiersPage + 1},
		TierChange{}, TierKeep{-1}} {
		if _, err := Encode(a); !errors.Is(err, ErrInvalid) {
			t.Errorf("Encode(%#v) = %v, want ErrInvalid", a, err)
		}
	}
}
