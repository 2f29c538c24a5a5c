// Package invitecode makes the single-use codes behind invite links (staff
// invites, a contact's greeting subscription): random, short enough for a
// Telegram deep link, and stored only as a hash, so a leaked database does not
// leak usable codes.
package invitecode

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// Len characters of base32 carry 100 random bits and fit a Telegram deep
// link's start parameter (at most 64 of [A-Za-z0-9_-]) with room for a prefix.
const Len = 20

var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// New returns a fresh lowercase code.
func New() (string, error) {
	var b [13]byte // 104 bits, of which the first 20 characters keep 100
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return strings.ToLower(encoding.EncodeToString(b[:])[:Len]), nil
}

// Hash is what the database holds for a code as typed: trimmed, in any case.
func Hash(code string) []byte {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(code))))
	return h[:]
}
