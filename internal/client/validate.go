package client

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Field lengths, in characters, as the schema's CHECKs allow.
const (
	maxName     = 200
	maxIndustry = 100
	maxRegion   = 200
	maxAddress  = 500
	maxSource   = 200
	maxLongText = 2000 // needs, risk_note
	maxContact  = 100  // contact name, position
	maxPhone    = 40
	maxEmail    = 200
	maxDealText = 1000
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// checkText trims v and checks that it holds at most max characters (and at
// least one when required).
func checkText(field, v string, max int, required bool) (string, error) {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) {
		return "", invalid("%s is not valid text", field)
	}
	if required && v == "" {
		return "", invalid("%s is required", field)
	}
	if n := utf8.RuneCountInString(v); n > max {
		return "", invalid("%s must be at most %d characters (got %d)", field, max, n)
	}
	return v, nil
}

// checkEnum accepts "" (then def) or one of allowed, case-insensitively.
func checkEnum(field, v, def string, allowed []string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return def, nil
	}
	if !slices.Contains(allowed, v) {
		return "", invalid("%s must be %s", field, orList(allowed))
	}
	return v, nil
}

func orList(vs []string) string {
	if len(vs) < 2 {
		return strings.Join(vs, "")
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " or " + vs[len(vs)-1]
}

// checkName validates a client name: required, at most 200 characters, and
// with at least one letter or digit (or it could never be searched).
func checkName(v string) (string, error) {
	v, err := checkText("name", v, maxName, true)
	if err != nil {
		return "", err
	}
	if Normalize(v) == "" {
		return "", invalid("name must contain letters or digits")
	}
	return v, nil
}

// clean validates a draft and returns it trimmed, with defaults filled in.
func (d Draft) clean() (Draft, error) {
	var err error
	if d.Name, err = checkName(d.Name); err != nil {
		return d, err
	}
	texts := []struct {
		field string
		v     *string
		max   int
	}{
		{"industry", &d.Industry, maxIndustry}, {"region", &d.Region, maxRegion},
		{"address", &d.Address, maxAddress}, {"source", &d.Source, maxSource},
		{"needs", &d.Needs, maxLongText}, {"risk_note", &d.RiskNote, maxLongText},
	}
	for _, t := range texts {
		if *t.v, err = checkText(t.field, *t.v, t.max, false); err != nil {
			return d, err
		}
	}
	if d.Size, err = checkEnum("size", d.Size, "", Sizes); err != nil {
		return d, err
	}
	if d.Tier, err = checkEnum("tier", d.Tier, "normal", Tiers); err != nil {
		return d, err
	}
	if d.Stage, err = checkEnum("stage", d.Stage, "potential", Stages); err != nil {
		return d, err
	}
	if d.Contact != nil {
		c, err := d.Contact.clean()
		if err != nil {
			return d, err
		}
		d.Contact = &c
	}
	return d, nil
}

// clean validates a contact draft and returns it trimmed, the birthday
// reduced to its date.
func (c ContactDraft) clean() (ContactDraft, error) {
	var err error
	if c.Name, err = checkText("contact name", c.Name, maxContact, true); err != nil {
		return c, err
	}
	if c.Position, err = checkText("position", c.Position, maxContact, false); err != nil {
		return c, err
	}
	if c.Phone, err = checkText("phone", c.Phone, maxPhone, false); err != nil {
		return c, err
	}
	if c.Phone != "" {
		if strings.IndexFunc(c.Phone, notPhoneRune) >= 0 {
			return c, invalid("phone may hold only digits, spaces and + - ( )")
		}
		if n := len(digitsOf(c.Phone)); n < 5 || n > 20 {
			return c, invalid("phone must have 5 to 20 digits")
		}
	}
	if c.Email, err = checkText("email", c.Email, maxEmail, false); err != nil {
		return c, err
	}
	if c.Email != "" {
		local, domain, ok := strings.Cut(c.Email, "@")
		if !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(c.Email, " \t") ||
			strings.Contains(domain, "@") {
			return c, invalid("email must look like name@example.com")
		}
	}
	if c.Birthday != nil {
		b := dateOf(*c.Birthday)
		c.Birthday = &b
	}
	return c, nil
}

func notPhoneRune(r rune) bool {
	return !unicode.IsDigit(r) && !strings.ContainsRune(" +-()（）－＋", r)
}

// dateOf is the calendar date of t (in t's own location) at 00:00 UTC, the
// way dates are carried.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
