package invitecode

import (
	"bytes"
	"regexp"
	"testing"
)

func TestCodesAreFreshDeepLinkSafeAndHashedAsTyped(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	valid := regexp.MustCompile(`^[a-z2-7]{20}$`)
	for range 1000 {
		c, err := New()
		if err != nil {
			t.Fatal(err)
		}
		if !valid.MatchString(c) || seen[c] {
			t.Fatalf("code %q is malformed or repeated", c)
		}
		seen[c] = true
	}
	if !bytes.Equal(Hash("abcdefghijklmnopqrst"), Hash("  ABCDEFGHIJKLMNOPQRST\n")) {
		t.Fatal("a code typed in capitals or with spaces hashes differently")
	}
	if bytes.Equal(Hash("abcdefghijklmnopqrst"), Hash("abcdefghijklmnopqrsu")) {
		t.Fatal("two codes share a hash")
	}
}
