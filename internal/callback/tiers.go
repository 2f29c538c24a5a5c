package callback

import "strings"

// The actions of the tier review (/tiers): a page of a team's open tier
// suggestions, and a manager's answer to one.
const (
	tiersAction      = "tl" // Tiers
	tierChangeAction = "tc" // TierChange
	tierKeepAction   = "tk" // TierKeep
)

// MaxTiersPage is the last page of the tier review a button may ask for.
const MaxTiersPage = 1000

// Tiers shows one page (from 0) of a team's open tier suggestions:
// "tl:<team>:<page>". The button carries no rights: the list is read as the
// presser, so another team's is refused as a typed /tiers would be.
type Tiers struct {
	Team int64
	Page int
}

// TierChange sets a suggested client's tier to the suggested one:
// "tc:<suggestion>". The decision checks the presser's rights on the
// suggestion's team and that it is still open.
type TierChange struct{ Suggestion int64 }

// TierKeep keeps a suggested client's tier, so the suggestion is not listed
// again while its rule holds: "tk:<suggestion>".
type TierKeep struct{ Suggestion int64 }

// Data implements Action.
func (a Tiers) Data() string { return data(a) }

func (a Tiers) check() error {
	if err := checkID("team", a.Team); err != nil {
		return err
	}
	return checkPage(a.Page, MaxTiersPage)
}

func (a Tiers) encode() string {
	return tiersAction + ":" + itoa(a.Team) + ":" + itoa(int64(a.Page))
}

// Data implements Action.
func (a TierChange) Data() string   { return data(a) }
func (a TierChange) check() error   { return checkID("suggestion", a.Suggestion) }
func (a TierChange) encode() string { return tierChangeAction + ":" + itoa(a.Suggestion) }

// Data implements Action.
func (a TierKeep) Data() string   { return data(a) }
func (a TierKeep) check() error   { return checkID("suggestion", a.Suggestion) }
func (a TierKeep) encode() string { return tierKeepAction + ":" + itoa(a.Suggestion) }

func parseTiers(args string, colon bool) (Action, error) {
	team, page, two := strings.Cut(args, ":")
	if !colon || !two {
		return nil, errParts
	}
	t, err := parseID(team)
	if err != nil {
		return nil, err
	}
	p, err := parseNumber(page, MaxTiersPage)
	if err != nil {
		return nil, err
	}
	return Tiers{Team: t, Page: int(p)}, nil
}
