package replica

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestIDNamesTheProcessAndDiffersEachTime(t *testing.T) {
	t.Parallel()
	a, b := ID(), ID()
	if a == b {
		t.Fatalf("two IDs alike: %q", a)
	}
	if !strings.Contains(a, fmt.Sprintf("-%d-", os.Getpid())) {
		t.Fatalf("ID %q does not carry the pid", a)
	}
}
