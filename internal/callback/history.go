package callback

import "fmt"

const historyAction = "h"

// MaxHistoryPage is the last history page a button may ask for; the router
// has always refused pages past it.
const MaxHistoryPage = 10000

// HistoryKind is which of a client's records a history page lists.
type HistoryKind string

// The history kinds, as they appear in the data.
const (
	HistoryVisits   HistoryKind = "v"
	HistoryFeedback HistoryKind = "f"
	HistoryDeals    HistoryKind = "d"
)

// History shows one page (from 0) of a client's visits, feedback or deals:
// "h:<client>:<v|f|d>:<page>".
type History struct {
	Client int64
	Of     HistoryKind
	Page   int
}

// Data implements Action.
func (a History) Data() string { return data(a) }

func (a History) check() error {
	if err := checkID("client", a.Client); err != nil {
		return err
	}
	if !a.Of.valid() {
		return fmt.Errorf("history kind %q is not v, f or d", string(a.Of))
	}
	return checkPage(a.Page, MaxHistoryPage)
}

func (a History) encode() string {
	return historyAction + ":" + itoa(a.Client) + ":" + string(a.Of) + ":" + itoa(int64(a.Page))
}

func (k HistoryKind) valid() bool {
	return k == HistoryVisits || k == HistoryFeedback || k == HistoryDeals
}
