package config

import (
	"errors"
	"strings"
)

// checkDatabaseURL refuses a URL-form DATABASE_URL whose password holds an
// "@" not percent-encoded. pgx ends the user and password at the first
// "@", takes the rest of the password for the host name, and quotes that
// in the error of its DNS lookup, so the password would reach the log of
// every failed start. The error here says what to do without quoting any
// of the URL.
func checkDatabaseURL(raw string) error {
	rest, ok := strings.CutPrefix(raw, "postgres://")
	if !ok {
		if rest, ok = strings.CutPrefix(raw, "postgresql://"); !ok {
			return nil // key=value form, or a URL pgx refuses by itself
		}
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if strings.Count(authority, "@") > 1 {
		return errors.New(`DATABASE_URL: more than one "@" before the host: percent-encode the password's ` +
			`special characters ("@" as %40, ":" as %3A, "/" as %2F)`)
	}
	return nil
}
