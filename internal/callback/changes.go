package callback

import "strings"

// The actions of the change history screens.
const (
	changesAction      = "cg" // Changes
	staffChangesAction = "sg" // StaffChanges
)

// MaxChangesPage is the last change history page a button may ask for.
const MaxChangesPage = 10000

// Changes shows one page (from 0) of a client's change history:
// "cg:<client>:<page>".
type Changes struct {
	Client int64
	Page   int
}

// StaffChanges shows one page (from 0) of what one person changed, for
// admins: "sg:<staff>:<page>".
type StaffChanges struct {
	Staff int64
	Page  int
}

// Data implements Action.
func (a Changes) Data() string { return data(a) }

func (a Changes) check() error {
	if err := checkID("client", a.Client); err != nil {
		return err
	}
	return checkPage(a.Page, MaxChangesPage)
}

func (a Changes) encode() string {
	return changesAction + ":" + itoa(a.Client) + ":" + itoa(int64(a.Page))
}

// Data implements Action.
func (a StaffChanges) Data() string { return data(a) }

func (a StaffChanges) check() error {
	if err := checkID("staff", a.Staff); err != nil {
		return err
	}
	return checkPage(a.Page, MaxChangesPage)
}

func (a StaffChanges) encode() string {
	return staffChangesAction + ":" + itoa(a.Staff) + ":" + itoa(int64(a.Page))
}

// parseIDPage reads "<id>:<page>" with page at most MaxChangesPage.
func parseIDPage(build func(id int64, page int) Action) parser {
	return func(args string, colon bool) (Action, error) {
		s, p, ok := strings.Cut(args, ":")
		if !colon || !ok {
			return nil, errParts
		}
		id, err := parseID(s)
		if err != nil {
			return nil, err
		}
		page, err := parseNumber(p, MaxChangesPage)
		if err != nil {
			return nil, err
		}
		return build(id, int(page)), nil
	}
}
