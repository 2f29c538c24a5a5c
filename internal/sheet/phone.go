package sheet

import (
	"errors"
	"regexp"
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"golang.org/x/text/unicode/norm"
)

var (
	// reMobileCN is a mainland mobile number once the country code is gone.
	reMobileCN = regexp.MustCompile(`^1[3-9]\d{9}$`)
	// reScientific is what Excel shows for a long number in a General
	// column (1.38001E+10): the digits are already lost.
	reScientific = regexp.MustCompile(`^\d(?:\.\d+)?e\+?\d+$`)
)

// ParsePhone reads a phone as people write it in a ledger: "+86 138 0013
// 8000", "0086-13800138000", "(010) 6552-1234", "138-0013-8000". It returns
// the digits alone ("13800138000", "01065521234"): the country code of
// mainland China is dropped (a landline gets its trunk 0 back), any other
// keeps its "+". The result passes client.CheckPhone. A cell holding two
// numbers, letters, or a number Excel turned into 1.38E+10 is refused.
func ParsePhone(s string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
	if v == "" {
		return "", valueErr("empty phone")
	}
	if len(v) > 64 {
		return "", valueErr("not a phone")
	}
	if reScientific.MatchString(v) {
		return "", valueErr("%q lost its digits to Excel's number format: format the column as text", s)
	}
	v = strings.TrimSuffix(v, ".0") // a phone stored as a number by some exporters
	if strings.ContainsAny(v, "/、,;|") || strings.Count(v, "+") > 1 {
		return "", valueErr("%q: one phone per cell", s)
	}
	plus := strings.HasPrefix(v, "+")
	var digits strings.Builder
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '+' && digits.Len() == 0:
		default:
			return "", valueErr("%q is not a phone: only digits, spaces and + - ( )", s)
		}
	}
	d := digits.String()
	if d == "" {
		return "", valueErr("%q is not a phone: it has no digits", s)
	}
	switch {
	case plus && strings.HasPrefix(d, "86"):
		d = national(d[2:])
	case !plus && strings.HasPrefix(d, "0086"):
		d = national(d[4:])
	case !plus && len(d) == 13 && strings.HasPrefix(d, "86") && reMobileCN.MatchString(d[2:]):
		d = d[2:]
	case plus:
		d = "+" + d
	}
	out, err := client.CheckPhone(d)
	if err != nil {
		if errors.Is(err, client.ErrInvalid) {
			return "", valueErr("%q: %s", s, strings.TrimPrefix(err.Error(), client.ErrInvalid.Error()+": "))
		}
		return "", err
	}
	return out, nil
}

// national turns a mainland number without its country code into the form
// dialled at home: a mobile as it is, a landline with its trunk 0.
func national(d string) string {
	if reMobileCN.MatchString(d) || strings.HasPrefix(d, "0") {
		return d
	}
	return "0" + d
}
