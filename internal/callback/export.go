package callback

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// exportAction runs an export again with the same choices: the button on
// its progress message, for when the export was cut short (a restart) or
// failed.
const exportAction = "xp"

// MaxExportEnum is the longest tier or stage value an Export carries.
const MaxExportEnum = 10

// exportDay is how an Export writes its dates.
const exportDay = "20060102"

// Export is an export's choices: "xp:<scope>:<from>-<to>:<tier>:<stage>",
// where scope is "a" (every team the presser may see), "t<team>" or
// "o<owner>", the dates are YYYYMMDD and tier and stage may be empty
// (any). The router checks the presser's rights again, as for any export.
type Export struct {
	// Team and Owner: at most one is set; both 0 is every team the presser
	// may see.
	Team, Owner int64
	// From and To are the period's first and last day, at 00:00 UTC.
	From, To time.Time
	// Tier and Stage keep one tier or stage; "" keeps any. 0 to
	// MaxExportEnum of a-z and '_'; the router checks the value.
	Tier, Stage string
}

// Reasons under ErrMalformed.
var (
	errScope = errors.New("not an export scope")
	errDay   = errors.New("not an export period")
	errEnum  = errors.New("not a tier or stage")
)

// Data implements Action.
func (a Export) Data() string { return data(a) }

func (a Export) check() error {
	switch {
	case a.Team < 0 || a.Owner < 0 || (a.Team > 0 && a.Owner > 0):
		return fmt.Errorf("export scope team %d owner %d: one positive id at most", a.Team, a.Owner)
	case !validExportDay(a.From) || !validExportDay(a.To) || a.To.Before(a.From):
		return fmt.Errorf("export period %v – %v: two days in order, years 1000 to 9999", a.From, a.To)
	case !validEnum(a.Tier) || !validEnum(a.Stage):
		return fmt.Errorf("export tier %q stage %q: 0..%d of a-z and _", a.Tier, a.Stage, MaxExportEnum)
	}
	return nil
}

func (a Export) encode() string {
	scope := "a"
	switch {
	case a.Team > 0:
		scope = "t" + itoa(a.Team)
	case a.Owner > 0:
		scope = "o" + itoa(a.Owner)
	}
	return exportAction + ":" + scope + ":" + a.From.Format(exportDay) + "-" + a.To.Format(exportDay) + ":" + a.Tier + ":" + a.Stage
}

func parseExport(args string, colon bool) (Action, error) {
	parts := strings.Split(args, ":")
	if !colon || len(parts) != 4 {
		return nil, errParts
	}
	var a Export
	switch s := parts[0]; {
	case s == "a":
	case strings.HasPrefix(s, "t"):
		id, err := parseID(s[1:])
		if err != nil {
			return nil, errScope
		}
		a.Team = id
	case strings.HasPrefix(s, "o"):
		id, err := parseID(s[1:])
		if err != nil {
			return nil, errScope
		}
		a.Owner = id
	default:
		return nil, errScope
	}
	from, to, ok := strings.Cut(parts[1], "-")
	var err1, err2 error
	a.From, err1 = parseExportDay(from)
	a.To, err2 = parseExportDay(to)
	if !ok || err1 != nil || err2 != nil || a.To.Before(a.From) {
		return nil, errDay
	}
	a.Tier, a.Stage = parts[2], parts[3]
	if !validEnum(a.Tier) || !validEnum(a.Stage) {
		return nil, errEnum
	}
	return a, nil
}

// parseExportDay reads YYYYMMDD, refusing any other spelling of the day.
func parseExportDay(s string) (time.Time, error) {
	t, err := time.Parse(exportDay, s)
	if err != nil || t.Format(exportDay) != s || !validExportDay(t) {
		return time.Time{}, errDay
	}
	return t, nil
}

func validExportDay(t time.Time) bool {
	y, m, d := t.Date()
	return t.Location() == time.UTC && t.Equal(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) && y >= 1000 && y <= 9999
}

func validEnum(s string) bool {
	if len(s) > MaxExportEnum {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}
