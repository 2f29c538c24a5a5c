package callback

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// reportAction sends a 考核 report's workbook: the "📊 XLSX" button under the
// report's tables.
const reportAction = "rp"

// ReportFile asks for the XLSX workbook of a report:
// "rp:<scope>:<from>-<to>", where scope is "a" (every team, for an admin)
// or "t<team>" and the dates are the period's first and last day as
// YYYYMMDD, as Export writes them. At most 3+1+20+1+17 = 42 bytes. The
// button carries no rights: the router builds the report again as the
// presser, so a forged team is refused like a typed request would be.
type ReportFile struct {
	// Team is the team reported on; 0 is every team (admins).
	Team int64
	// From and To are the period's first and last day, at 00:00 UTC.
	From, To time.Time
}

var errReportScope = errors.New("not a report scope")

// Data implements Action.
func (a ReportFile) Data() string { return data(a) }

func (a ReportFile) check() error {
	switch {
	case a.Team < 0:
		return fmt.Errorf("report team %d: not an id", a.Team)
	case !validExportDay(a.From) || !validExportDay(a.To) || a.To.Before(a.From):
		return fmt.Errorf("report period %v – %v: two days in order, years 1000 to 9999", a.From, a.To)
	}
	return nil
}

func (a ReportFile) encode() string {
	scope := "a"
	if a.Team > 0 {
		scope = "t" + itoa(a.Team)
	}
	return reportAction + ":" + scope + ":" + a.From.Format(exportDay) + "-" + a.To.Format(exportDay)
}

func parseReportFile(args string, colon bool) (Action, error) {
	scope, period, ok := strings.Cut(args, ":")
	if !colon || !ok {
		return nil, errParts
	}
	var a ReportFile
	switch {
	case scope == "a":
	case strings.HasPrefix(scope, "t"):
		id, err := parseID(scope[1:])
		if err != nil {
			return nil, errReportScope
		}
		a.Team = id
	default:
		return nil, errReportScope
	}
	from, to, ok := strings.Cut(period, "-")
	var err1, err2 error
	a.From, err1 = parseExportDay(from)
	a.To, err2 = parseExportDay(to)
	if !ok || err1 != nil || err2 != nil || a.To.Before(a.From) {
		return nil, errDay
	}
	return a, nil
}
