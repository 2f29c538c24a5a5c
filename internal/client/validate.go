package client

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Field lengths, in characters, as the schema's CHECKs allow. The chat
// quotes them in its prompts.
const (
	MaxName     = 200  // client name
	MaxIndustry = 100  // industry
	MaxRegion   = 200  // region
	MaxAddress  = 500  // address
	MaxSource   = 200  // source
	MaxLongText = 2000 // needs, risk_note
	MaxContact  = 100  // contact name, position
	MaxPhone    = 40   // contact phone, as typed
	MaxEmail    = 200  // contact email
	MaxDealText = 1000 // deal description
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// checkText cleans v (CleanText) and checks that it holds at most max
// characters (and at least one when required).
func checkText(field, v string, max int, required, multiline bool) (string, error) {
	v, err := CleanText(v, multiline)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrInvalid, field, err)
	}
	if required && v == "" {
		return "", invalid("%s is required", field)
	}
	if err := checkLength(field, v, max); err != nil {
		return "", err
	}
	return v, nil
}

// checkRequiredName checks a required one-line name that must hold letters
// or digits (CleanName) and at most max characters.
func checkRequiredName(field, v string, max int) (string, error) {
	v, err := CleanName(v)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrInvalid, field, err)
	}
	if v == "" {
		return "", invalid("%s is required", field)
	}
	if err := checkLength(field, v, max); err != nil {
		return "", err
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

// clean validates a draft and returns it trimmed, with defaults filled in.
func (d Draft) clean() (Draft, error) {
	var err error
	if d.Name, err = CheckName(d.Name); err != nil {
		return d, err
	}
	texts := []struct {
		field string
		v     *string
	}{
		{"industry", &d.Industry}, {"region", &d.Region}, {"address", &d.Address},
		{"source", &d.Source}, {"needs", &d.Needs}, {"risk_note", &d.RiskNote},
	}
	for _, t := range texts {
		if *t.v, err = CheckField(t.field, *t.v); err != nil {
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
	if c.Name, err = CheckContactName(c.Name); err != nil {
		return c, err
	}
	if c.Position, err = CheckPosition(c.Position); err != nil {
		return c, err
	}
	if c.Phone, err = CheckPhone(c.Phone); err != nil {
		return c, err
	}
	if c.Email, err = CheckEmail(c.Email); err != nil {
		return c, err
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
