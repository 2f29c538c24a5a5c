package callback

import (
	"errors"
	"strings"
)

// errSamePair is the reason under ErrMalformed for a pair of one client
// with itself.
var errSamePair = errors.New("a client paired with itself")

// The actions of keeping the ledger clean: merging duplicates, archiving
// and restoring clients, the duplicate list.
const (
	mergeAction        = "mg" // Merge and MergePair
	archiveAction      = "ar" // Archive and ConfirmArchive
	restoreAction      = "ur"
	duplicatesAction   = "dup"
	notDuplicateAction = "dx"
)

// MaxDuplicatesPage is the last page of the duplicate list a button may
// ask for.
const MaxDuplicatesPage = 1000

// Merge starts merging other clients into the client (the survivor), from
// its card: "mg:<client>".
type Merge struct{ Client int64 }

// MergePair starts merging Other into Survivor, a pair the duplicate sweep
// found: "mg:<survivor>:<other>".
type MergePair struct{ Survivor, Other int64 }

// Archive asks to confirm archiving the client: "ar:<client>".
type Archive struct{ Client int64 }

// ConfirmArchive archives the client: "ar:<client>:y".
type ConfirmArchive struct{ Client int64 }

// Restore brings an archived client back: "ur:<client>".
type Restore struct{ Client int64 }

// Duplicates shows one page (from 0) of a team's likely duplicate pairs:
// "dup:<team>:<page>".
type Duplicates struct {
	Team int64
	Page int
}

// NotDuplicate records that the two clients of a listed pair are different
// companies, so the list leaves them out: "dx:<a>:<b>".
type NotDuplicate struct{ A, B int64 }

// Data implements Action.
func (a Merge) Data() string   { return data(a) }
func (a Merge) check() error   { return checkID("client", a.Client) }
func (a Merge) encode() string { return mergeAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a MergePair) Data() string   { return data(a) }
func (a MergePair) check() error   { return checkPair(a.Survivor, a.Other) }
func (a MergePair) encode() string { return mergeAction + ":" + itoa(a.Survivor) + ":" + itoa(a.Other) }

// Data implements Action.
func (a Archive) Data() string   { return data(a) }
func (a Archive) check() error   { return checkID("client", a.Client) }
func (a Archive) encode() string { return archiveAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a ConfirmArchive) Data() string   { return data(a) }
func (a ConfirmArchive) check() error   { return checkID("client", a.Client) }
func (a ConfirmArchive) encode() string { return archiveAction + ":" + itoa(a.Client) + ":y" }

// Data implements Action.
func (a Restore) Data() string   { return data(a) }
func (a Restore) check() error   { return checkID("client", a.Client) }
func (a Restore) encode() string { return restoreAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a Duplicates) Data() string { return data(a) }

func (a Duplicates) check() error {
	if err := checkID("team", a.Team); err != nil {
		return err
	}
	return checkPage(a.Page, MaxDuplicatesPage)
}

func (a Duplicates) encode() string {
	return duplicatesAction + ":" + itoa(a.Team) + ":" + itoa(int64(a.Page))
}

// Data implements Action.
func (a NotDuplicate) Data() string   { return data(a) }
func (a NotDuplicate) check() error   { return checkPair(a.A, a.B) }
func (a NotDuplicate) encode() string { return notDuplicateAction + ":" + itoa(a.A) + ":" + itoa(a.B) }

// checkPair refuses a pair of one client with itself, or a bad id.
func checkPair(a, b int64) error {
	if err := checkID("client", a); err != nil {
		return err
	}
	if err := checkID("client", b); err != nil {
		return err
	}
	if a == b {
		return errSamePair
	}
	return nil
}

// twoIDs reads "<id>:<id>" of two different ids.
func twoIDs(args string) (int64, int64, error) {
	x, y, ok := strings.Cut(args, ":")
	if !ok {
		return 0, 0, errParts
	}
	a, err := parseID(x)
	if err != nil {
		return 0, 0, err
	}
	b, err := parseID(y)
	if err != nil {
		return 0, 0, err
	}
	if a == b {
		return 0, 0, errSamePair
	}
	return a, b, nil
}

func parseMerge(args string, colon bool) (Action, error) {
	if !colon {
		return nil, errNoArgs
	}
	if !strings.Contains(args, ":") {
		id, err := parseID(args)
		if err != nil {
			return nil, err
		}
		return Merge{id}, nil
	}
	a, b, err := twoIDs(args)
	if err != nil {
		return nil, err
	}
	return MergePair{a, b}, nil
}

func parseArchive(args string, colon bool) (Action, error) {
	if !colon {
		return nil, errNoArgs
	}
	idText, confirm, two := strings.Cut(args, ":")
	if two && confirm != "y" {
		return nil, errParts
	}
	id, err := parseID(idText)
	if err != nil {
		return nil, err
	}
	if two {
		return ConfirmArchive{id}, nil
	}
	return Archive{id}, nil
}

func parseDuplicates(args string, colon bool) (Action, error) {
	team, page, two := strings.Cut(args, ":")
	if !colon || !two {
		return nil, errParts
	}
	t, err := parseID(team)
	if err != nil {
		return nil, err
	}
	p, err := parseNumber(page, MaxDuplicatesPage)
	if err != nil {
		return nil, err
	}
	return Duplicates{Team: t, Page: int(p)}, nil
}

func parseNotDuplicate(args string, colon bool) (Action, error) {
	if !colon {
		return nil, errNoArgs
	}
	a, b, err := twoIDs(args)
	if err != nil {
		return nil, err
	}
	return NotDuplicate{a, b}, nil
}
