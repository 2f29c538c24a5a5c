package callback

import (
	"errors"
	"strings"
)

// errWord is the reason under ErrMalformed for a choice no import button
// carries.
var errWord = errors.New("not an import choice")

// importArgs splits an import action's arguments into n parts, the first
// the import's id.
func importArgs(args string, colon bool, n int) (int64, []string, error) {
	parts := strings.Split(args, ":")
	if !colon || len(parts) != n {
		return 0, nil, errParts
	}
	id, err := parseID(parts[0])
	if err != nil {
		return 0, nil, err
	}
	return id, parts[1:], nil
}

// positions reads 0-based positions, each at most its max.
func positions(parts []string, maxes ...int) ([]int, error) {
	out := make([]int, len(maxes))
	for i, m := range maxes {
		n, err := parseNumber(parts[i], int64(m))
		if err != nil {
			return nil, err
		}
		out[i] = int(n)
	}
	return out, nil
}

func parseImportShow(args string, colon bool) (Action, error) {
	id, parts, err := importArgs(args, colon, 3)
	if err != nil {
		return nil, err
	}
	p, err := positions(parts, MaxImportSheet, MaxImportPage)
	if err != nil {
		return nil, err
	}
	return ImportShow{Import: id, Sheet: p[0], Page: p[1]}, nil
}

func parseImportPick(args string, colon bool) (Action, error) {
	id, parts, err := importArgs(args, colon, 4)
	if err != nil {
		return nil, err
	}
	p, err := positions(parts, MaxImportSheet, MaxImportCol, MaxImportSlot)
	if err != nil {
		return nil, err
	}
	return ImportPickColumn{Import: id, Sheet: p[0], Col: p[1], Slot: p[2]}, nil
}

func parseImportSet(args string, colon bool) (Action, error) {
	id, parts, err := importArgs(args, colon, 5)
	if err != nil {
		return nil, err
	}
	p, err := positions([]string{parts[0], parts[1], parts[3]}, MaxImportSheet, MaxImportCol, MaxImportSlot)
	if err != nil {
		return nil, err
	}
	if !validImportField(parts[2]) {
		return nil, errWord
	}
	return ImportSetColumn{Import: id, Sheet: p[0], Col: p[1], Field: parts[2], Slot: p[2]}, nil
}

func parseImportUse(args string, colon bool) (Action, error) {
	id, parts, err := importArgs(args, colon, 3)
	if err != nil {
		return nil, err
	}
	p, err := positions(parts[:1], MaxImportSheet)
	if err != nil {
		return nil, err
	}
	if parts[1] != "0" && parts[1] != "1" {
		return nil, errWord
	}
	return ImportUseSheet{Import: id, Sheet: p[0], Use: parts[1] == "1"}, nil
}

func parseImportKind(args string, colon bool) (Action, error) {
	id, parts, err := importArgs(args, colon, 3)
	if err != nil {
		return nil, err
	}
	p, err := positions(parts[:1], MaxImportSheet)
	if err != nil {
		return nil, err
	}
	if checkWord("", parts[1], importKinds) != nil {
		return nil, errWord
	}
	return ImportSetKind{Import: id, Sheet: p[0], Kind: parts[1]}, nil
}

// importWord parses "<import>:<word>" for an action whose word is one of allowed.
func importWord(allowed []string, build func(int64, string) Action) parser {
	return func(args string, colon bool) (Action, error) {
		id, parts, err := importArgs(args, colon, 2)
		if err != nil {
			return nil, err
		}
		if checkWord("", parts[0], allowed) != nil {
			return nil, errWord
		}
		return build(id, parts[0]), nil
	}
}

var (
	parseImportDryRun  = importWord(importOwners, func(id int64, w string) Action { return ImportDryRun{Import: id, Owners: w} })
	parseImportReport  = importWord(importDups, func(id int64, w string) Action { return ImportReport{Import: id, Dup: w} })
	parseImportConfirm = importWord(importDups, func(id int64, w string) Action { return ImportConfirm{Import: id, Dup: w} })
)

func parseImportUndo(args string, colon bool) (Action, error) {
	if !colon {
		return nil, errNoArgs
	}
	ids, sure, two := strings.Cut(args, ":")
	id, err := parseID(ids)
	if err != nil {
		return nil, err
	}
	if two && sure != "y" {
		return nil, errWord
	}
	return ImportUndo{Import: id, Sure: two}, nil
}
