package callback

import (
	"fmt"
	"strings"
)

// The actions of the members screen, hand-overs (交接) and deactivation.
const (
	membersAction         = "sm" // Members
	memberAction          = "sp" // Member
	deactivateAction      = "sd" // Deactivate
	handOverAction        = "hf" // HandOver
	handOverPickAction    = "hp" // HandOverPick
	handOverChooseAction  = "hr" // HandOverChoose
	handOverConfirmAction = "hk" // HandOverConfirm
	handOverRunAction     = "hy" // HandOverRun
)

// MaxHandOverPage is the last page of a person's clients a button may ask for.
const MaxHandOverPage = 10000

// HandOverKind is what a hand-over moves.
type HandOverKind string

// The hand-over kinds, as they appear in the data.
const (
	HandOverClient     HandOverKind = "c" // one client: Subject is the client
	HandOverAll        HandOverKind = "a" // every client of a person: Subject is the person
	HandOverDeactivate HandOverKind = "d" // deactivate a person and hand everything over: Subject is the person
)

func (k HandOverKind) valid() bool {
	return k == HandOverClient || k == HandOverAll || k == HandOverDeactivate
}

// Members lists a team's active members: "sm:<team>".
type Members struct{ Team int64 }

// Member shows one member with what may be done about them: "sp:<staff>".
type Member struct{ Staff int64 }

// Deactivate shows the deactivation screen of a member, with the choice of
// who receives their clients: "sd:<staff>".
type Deactivate struct{ Staff int64 }

// HandOver starts handing over a person's clients: all, or one chosen:
// "hf:<staff>".
type HandOver struct{ Staff int64 }

// HandOverPick lists one page (from 0) of a person's clients to hand one
// over: "hp:<staff>:<page>".
type HandOverPick struct {
	Staff int64
	Page  int
}

// HandOverChoose lists a team's members who may receive what Kind and
// Subject name: "hr:<kind>:<subject>:<team>".
type HandOverChoose struct {
	Kind    HandOverKind
	Subject int64
	Team    int64
}

// HandOverConfirm asks to confirm a hand-over to To: "hk:<kind>:<subject>:<to>".
// To 0 names the team's managers, for a deactivation only.
type HandOverConfirm struct {
	Kind    HandOverKind
	Subject int64
	To      int64
}

// HandOverRun carries a confirmed hand-over out: "hy:<kind>:<subject>:<to>".
type HandOverRun struct {
	Kind    HandOverKind
	Subject int64
	To      int64
}

// Data implements Action.
func (a Members) Data() string   { return data(a) }
func (a Members) check() error   { return checkID("team", a.Team) }
func (a Members) encode() string { return membersAction + ":" + itoa(a.Team) }

// Data implements Action.
func (a Member) Data() string   { return data(a) }
func (a Member) check() error   { return checkID("staff", a.Staff) }
func (a Member) encode() string { return memberAction + ":" + itoa(a.Staff) }

// Data implements Action.
func (a Deactivate) Data() string   { return data(a) }
func (a Deactivate) check() error   { return checkID("staff", a.Staff) }
func (a Deactivate) encode() string { return deactivateAction + ":" + itoa(a.Staff) }

// Data implements Action.
func (a HandOver) Data() string   { return data(a) }
func (a HandOver) check() error   { return checkID("staff", a.Staff) }
func (a HandOver) encode() string { return handOverAction + ":" + itoa(a.Staff) }

// Data implements Action.
func (a HandOverPick) Data() string { return data(a) }

func (a HandOverPick) check() error {
	if err := checkID("staff", a.Staff); err != nil {
		return err
	}
	return checkPage(a.Page, MaxHandOverPage)
}

func (a HandOverPick) encode() string {
	return handOverPickAction + ":" + itoa(a.Staff) + ":" + itoa(int64(a.Page))
}

// Data implements Action.
func (a HandOverChoose) Data() string { return data(a) }

func (a HandOverChoose) check() error {
	if err := checkKindSubject(a.Kind, a.Subject); err != nil {
		return err
	}
	return checkID("team", a.Team)
}

func (a HandOverChoose) encode() string {
	return handOverChooseAction + ":" + string(a.Kind) + ":" + itoa(a.Subject) + ":" + itoa(a.Team)
}

// Data implements Action.
func (a HandOverConfirm) Data() string { return data(a) }
func (a HandOverConfirm) check() error { return checkTarget(a.Kind, a.Subject, a.To) }
func (a HandOverConfirm) encode() string {
	return encodeTarget(handOverConfirmAction, a.Kind, a.Subject, a.To)
}

// Data implements Action.
func (a HandOverRun) Data() string   { return data(a) }
func (a HandOverRun) check() error   { return checkTarget(a.Kind, a.Subject, a.To) }
func (a HandOverRun) encode() string { return encodeTarget(handOverRunAction, a.Kind, a.Subject, a.To) }

func checkKindSubject(k HandOverKind, subject int64) error {
	if !k.valid() {
		return fmt.Errorf("hand-over kind %q is not c, a or d", string(k))
	}
	return checkID("subject", subject)
}

// checkTarget allows To 0 (the team's managers) only for a deactivation.
func checkTarget(k HandOverKind, subject, to int64) error {
	if err := checkKindSubject(k, subject); err != nil {
		return err
	}
	if to == 0 && k == HandOverDeactivate {
		return nil
	}
	return checkID("receiver", to)
}

func encodeTarget(name string, k HandOverKind, subject, to int64) string {
	return name + ":" + string(k) + ":" + itoa(subject) + ":" + itoa(to)
}

func parseHandOverPick(args string, colon bool) (Action, error) {
	s, p, ok := strings.Cut(args, ":")
	if !colon || !ok {
		return nil, errParts
	}
	staff, err := parseID(s)
	if err != nil {
		return nil, err
	}
	page, err := parseNumber(p, MaxHandOverPage)
	if err != nil {
		return nil, err
	}
	return HandOverPick{Staff: staff, Page: int(page)}, nil
}

// parseKindTriple reads "<kind>:<subject>:<n>"; n may be 0 only when zero allows it.
func parseKindTriple(args string, colon bool) (HandOverKind, int64, int64, error) {
	parts := strings.Split(args, ":")
	if !colon || len(parts) != 3 {
		return "", 0, 0, errParts
	}
	k := HandOverKind(parts[0])
	if !k.valid() {
		return "", 0, 0, errKind
	}
	subject, err := parseID(parts[1])
	if err != nil {
		return "", 0, 0, err
	}
	n, err := parseNumber(parts[2], 1<<63-1)
	if err != nil {
		return "", 0, 0, err
	}
	return k, subject, n, nil
}

func parseHandOverChoose(args string, colon bool) (Action, error) {
	k, subject, team, err := parseKindTriple(args, colon)
	if err == nil && team == 0 {
		err = errNotNumber
	}
	if err != nil {
		return nil, err
	}
	return HandOverChoose{Kind: k, Subject: subject, Team: team}, nil
}

func parseHandOverTarget(run bool) parser {
	return func(args string, colon bool) (Action, error) {
		k, subject, to, err := parseKindTriple(args, colon)
		if err == nil && to == 0 && k != HandOverDeactivate {
			err = errNotNumber
		}
		if err != nil {
			return nil, err
		}
		if run {
			return HandOverRun{Kind: k, Subject: subject, To: to}, nil
		}
		return HandOverConfirm{Kind: k, Subject: subject, To: to}, nil
	}
}
