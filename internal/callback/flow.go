package callback

import (
	"fmt"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

const (
	flowAction    = "f"
	setLangAction = "lang"
)

// NonceLen is the length of a flow's nonce: 4 random bytes in lowercase hex.
const NonceLen = 8

// MaxChoice is the longest choice a Flow button carries, what MaxLen leaves
// after "f:<nonce>:".
const MaxChoice = MaxLen - len(flowAction) - 1 - NonceLen - 1

// Flow is a button of a conversation flow: "f:<nonce>:<choice>". The nonce
// ties it to one conversation, so a button of an earlier one is recognised
// as stale. The choice is the flow's own value ("save", "cancel", "skip",
// "set:<x>", "pick:<id>", "who:<id>", "d:7" ...), opaque here: the flow's
// step reads it and refuses what it does not expect. It is 1 to MaxChoice
// of A-Z, a-z, 0-9 and "_:.-".
type Flow struct {
	Nonce  string
	Choice string
}

// SetLang sets the presser's language: "lang:zh" or "lang:en".
type SetLang struct{ Lang i18n.Lang }

// Data implements Action.
func (a Flow) Data() string { return data(a) }

func (a Flow) check() error {
	if !validNonce(a.Nonce) {
		return fmt.Errorf("flow nonce %q is not %d lowercase hex digits", a.Nonce, NonceLen)
	}
	if !validChoice(a.Choice) {
		return fmt.Errorf("flow choice %q is not 1..%d of A-Z, a-z, 0-9 and _:.-", a.Choice, MaxChoice)
	}
	return nil
}

func (a Flow) encode() string { return flowAction + ":" + a.Nonce + ":" + a.Choice }

// Data implements Action.
func (a SetLang) Data() string { return data(a) }

func (a SetLang) check() error {
	if a.Lang != i18n.ZH && a.Lang != i18n.EN {
		return fmt.Errorf("language %q is not zh or en", string(a.Lang))
	}
	return nil
}

func (a SetLang) encode() string { return setLangAction + ":" + string(a.Lang) }

func validNonce(s string) bool {
	if len(s) != NonceLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func validChoice(s string) bool {
	if s == "" || len(s) > MaxChoice {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}
