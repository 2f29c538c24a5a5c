// Package callback is the protocol of inline-button data: every action a
// button can ask for is one Go type here, with its encoded form (Data) and
// its parser (Parse).
//
// The encoded forms are a protocol, not an implementation detail: they are
// stored in outbox rows before they are sent and then stay in users' chats
// for months, so a button pressed long after a release must still mean what
// it meant. Forms are therefore only ever added, never changed or removed;
// testdata/golden.txt pins every one of them, and a new form goes there
// with the type that builds it.
//
// Each form is "<action>:<arguments>", at most MaxLen bytes (Telegram's
// limit). Ids are positive int64 in plain decimal; Parse is strict (no
// signs, leading zeros or spaces), so every string it accepts re-encodes to
// itself, and anything else, forged or from a future release, is an error
// the chat can answer with "this button is not valid". The package knows no
// Telegram: the bot puts Data on its buttons, domain packages put it on
// outbox.Button, and neither writes callback strings by hand.
package callback
