package callback

import (
	"errors"
	"fmt"
)

// MaxLen is Telegram's limit on callback data, in bytes.
const MaxLen = 64

// Errors of Parse and Encode. Parse wraps ErrUnknown or ErrMalformed, so a
// router tells a foreign button from a damaged one with errors.Is.
var (
	// ErrUnknown: the data names no action of this package.
	ErrUnknown = errors.New("unknown callback action")
	// ErrMalformed: a known action with arguments that break its form (a
	// bad id, a page out of range, a value not allowed).
	ErrMalformed = errors.New("malformed callback data")
	// ErrInvalid: an action value that has no encoding (a zero id, a
	// choice too long for MaxLen); Encode returns it, Data panics with it.
	ErrInvalid = errors.New("invalid callback action")
)

// Action is one thing a button asks for. The set is closed: only this
// package's types implement it, so Parse and the router's switch over the
// types cover the same list.
type Action interface {
	// Data is the action's callback data. It panics if the action is not
	// valid (see Encode): such a button could not be parsed back, so
	// building it is a bug in the caller, found by its tests.
	Data() string
	// check reports why the action cannot be encoded, or nil.
	check() error
	// encode writes a checked action.
	encode() string
}

// Encode returns a's callback data, or an error wrapping ErrInvalid when a
// has none: a non-positive id, a page out of range, a value outside its
// form. For a caller holding values it has not checked itself.
func Encode(a Action) (string, error) {
	if err := a.check(); err != nil {
		return "", fmt.Errorf("encode %T: %w: %w", a, ErrInvalid, err)
	}
	s := a.encode()
	if len(s) > MaxLen {
		// Unreachable while every check bounds its fields; kept so that
		// a new action with a loose check cannot reach Telegram.
		return "", fmt.Errorf("encode %T: %w: %d bytes, limit %d", a, ErrInvalid, len(s), MaxLen)
	}
	return s, nil
}

// data is every type's Data.
func data(a Action) string {
	s, err := Encode(a)
	if err != nil {
		panic("callback: " + err.Error())
	}
	return s
}
