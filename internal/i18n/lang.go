package i18n

import (
	"fmt"
	"strings"
)

// Lang is the language a person is spoken to in. Chinese is the default:
// the ledger's users are a Chinese sales team, and English is the choice of
// those who set it.
type Lang string

// The two languages. Their values are what staff.lang and contacts.lang
// store.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Parse maps a language code (Telegram's language_code such as "en-GB", or
// a stored "zh"/"en") to a Lang: anything starting with "en" is English,
// everything else, the empty code included, Chinese.
func Parse(code string) Lang {
	if strings.HasPrefix(strings.ToLower(code), "en") {
		return EN
	}
	return ZH
}

// T returns the text in l: en for EN, zh for anything else.
func (l Lang) T(zh, en string) string {
	if l == EN {
		return en
	}
	return zh
}

// F formats the text in l with args; both formats take the same args.
func (l Lang) F(zhFormat, enFormat string, args ...any) string {
	return fmt.Sprintf(l.T(zhFormat, enFormat), args...)
}

// Text is a text in both languages, for tables of texts kept apart from
// where they are shown (menus, command lists, labels). A text used in one
// place is better written there, as l.T(zh, en).
type Text struct{ ZH, EN string }

// In returns the text in l.
func (t Text) In(l Lang) string { return l.T(t.ZH, t.EN) }
