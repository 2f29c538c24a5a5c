package client

import (
	"net/mail"
	"strings"
)

// The checkers of single values, exported so that a conversation can check
// each value at the step where it is typed, with the very rule Create,
// Update, AddContact and AddDeal apply at the end: whatever a step accepts,
// saving accepts. Each returns the value as it will be stored, or an error
// wrapping ErrInvalid and, where it helps the user, ErrControlChar,
// ErrNoLetters or ErrTooLong.

// textFields are the client's free-text fields besides the name: their
// length limits and whether they may span several lines.
var textFields = map[string]struct {
	max       int
	multiline bool
}{
	"industry": {MaxIndustry, false}, "region": {MaxRegion, false}, "address": {MaxAddress, true},
	"source": {MaxSource, false}, "needs": {MaxLongText, true}, "risk_note": {MaxLongText, true},
}

// CheckName checks a client name: required, one line, at most MaxName
// characters, and with at least one letter or digit, or it could never be
// searched or told apart (a name of only U+200B is no name).
func CheckName(v string) (string, error) { return checkRequiredName("name", v, MaxName) }

// CheckField checks the text value of a client field as Create and Update
// take it: name (CheckName), or one of industry, region, address, source,
// needs and risk_note, which may be empty.
func CheckField(field, v string) (string, error) {
	if field == "name" {
		return CheckName(v)
	}
	f, ok := textFields[field]
	if !ok {
		return "", invalid("unknown text field %q", field)
	}
	return checkText(field, v, f.max, false, f.multiline)
}

// CheckContactName checks a contact's name: required, one line, at most
// MaxContact characters, with a letter or digit.
func CheckContactName(v string) (string, error) {
	return checkRequiredName("contact name", v, MaxContact)
}

// CheckPosition checks a contact's position (may be empty): one line, at
// most MaxContact characters.
func CheckPosition(v string) (string, error) {
	return checkText("position", v, MaxContact, false, false)
}

// CheckPhone checks a contact's phone (may be empty): digits with spaces and
// + - ( ) (half or full width), 5 to 20 digits, at most MaxPhone characters.
func CheckPhone(v string) (string, error) {
	v, err := checkText("phone", v, MaxPhone, false, false)
	if err != nil || v == "" {
		return v, err
	}
	if strings.IndexFunc(v, notPhoneRune) >= 0 {
		return "", invalid("phone may hold only digits, spaces and + - ( )")
	}
	if n := len(digitsOf(v)); n < 5 || n > 20 {
		return "", invalid("phone must have 5 to 20 digits")
	}
	return v, nil
}

// CheckEmail checks a contact's email (may be empty): a bare address such
// as name@example.com, without a display name or spaces, whose domain has a
// dot, at most MaxEmail characters.
func CheckEmail(v string) (string, error) {
	v, err := checkText("email", v, MaxEmail, false, false)
	if err != nil || v == "" {
		return v, err
	}
	a, err := mail.ParseAddress(v)
	local, domain, _ := strings.Cut(v, "@")
	if err != nil || a.Address != v || local == "" || !strings.Contains(domain, ".") ||
		strings.Contains(v, " ") || strings.Contains(domain, "@") {
		return "", invalid("email must look like name@example.com")
	}
	return v, nil
}

// CheckDealText checks a deal's description (may be empty): at most
// MaxDealText characters, over several lines if need be.
func CheckDealText(v string) (string, error) {
	return checkText("description", v, MaxDealText, false, true)
}
