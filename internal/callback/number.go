package callback

import (
	"errors"
	"fmt"
	"strconv"
)

// maxDigits is the length of the largest int64, 9223372036854775807.
const maxDigits = 19

// errNotNumber is the reason under ErrMalformed for a number Parse refuses.
var errNotNumber = errors.New("not a canonical decimal number")

// parseNumber reads a non-negative decimal in its one canonical form:
// digits only, no sign, no leading zero except "0" itself, at most max.
func parseNumber(s string, max int64) (int64, error) {
	if s == "" || len(s) > maxDigits || (len(s) > 1 && s[0] == '0') {
		return 0, errNotNumber
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errNotNumber
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > max {
		return 0, errNotNumber
	}
	return n, nil
}

// parseID reads a positive id.
func parseID(s string) (int64, error) {
	n, err := parseNumber(s, 1<<63-1)
	if err != nil || n == 0 {
		return 0, errNotNumber
	}
	return n, nil
}

// checkID refuses an id no row can have.
func checkID(what string, id int64) error {
	if id <= 0 {
		return fmt.Errorf("%s id %d is not positive", what, id)
	}
	return nil
}

// checkPage refuses a page outside 0..max.
func checkPage(page, max int) error {
	if page < 0 || page > max {
		return fmt.Errorf("page %d is outside 0..%d", page, max)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
