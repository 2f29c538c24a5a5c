package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release, set when building:
// go build -ldflags "-X main.version=1.4.0" ./cmd/ledgerbot
var version = "dev"

// versionText says which release and which commit this binary is, for an
// operator matching a running bot to its source. The commit comes from the
// Go toolchain's VCS stamp, present when the binary was built in a git
// checkout; "modified" means the checkout had uncommitted changes.
func versionText() string {
	commit, modified := "unknown", false
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if modified {
		commit += " (modified)"
	}
	return fmt.Sprintf("ledgerbot %s\ncommit %s\n%s\n", version, commit, runtime.Version())
}
