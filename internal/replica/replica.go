// Package replica names this process among the replicas that share the
// database: the owner written into the leases of chat claims and outbox
// rows, so a lease tells which process holds it and a restart is a new owner.
package replica

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
)

// ID is a name unique to this process: host, process id and a random
// suffix (a restarted process may get the same pid).
func ID() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
