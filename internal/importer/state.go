package importer

import (
	"strconv"
	"time"
)

// pendingRow is an import_rows row waiting to be applied.
type pendingRow struct {
	Seq      int
	Kind     string
	Action   string
	Data     rowData
	Fields   map[string]string
	MatchID  int64 // 0: none
	FirstSeq int   // 0: none
}

// clientState is one client as a batch changes it: a client the batch
// creates, or an existing one loaded (locked) from the ledger. vals holds
// the name and every key of clientColumns as text ("" for empty or NULL).
type clientState struct {
	id         int64 // 0 until a new client's id is allocated
	isNew      bool
	team       int64
	vals       map[string]string
	changed    bool // an existing client's row needs writing
	reindex    bool // name or contacts changed
	contacts   []contactKey
	hasPrimary bool
	deals      map[string]bool // dealKey of the client's deals
	visits     map[string]bool // visitKey of the client's visits
}

type contactKey struct{ name, tail string }

// hasContact reports whether the client already has this person: the same
// phone, or the same name where one of the two has no phone.
func (st *clientState) hasContact(c contactData) bool {
	t := tail(digits(c.Phone))
	name := staffKey(c.Name)
	for _, k := range st.contacts {
		if t != "" && k.tail == t || k.name == name && (t == "" || k.tail == "") {
			return true
		}
	}
	return false
}

// outcome is what applying one row did.
type outcome struct {
	row      pendingRow
	client   *clientState
	did      string // created, updated, added, skipped, failed
	why      string
	old, new map[string]string // an existing client's fields before and after the row
	contacts []*newContact
	deal     *newDeal
	visit    *newVisit
}

type newContact struct {
	client  *clientState
	data    contactData
	primary bool
	id      int64
}

type newDeal struct {
	client  *clientState
	data    dealData
	id      int64
	payment int64 // the id of its payment, when data.Paid is set
}

type newVisit struct {
	client *clientState
	data   visitData
	at     time.Time
	author int64
	id     int64
}

// set changes one field of a client for the row, remembering for undo the
// value an existing client had before.
func (o *outcome) set(st *clientState, col, v string) {
	if st.vals[col] == v {
		return
	}
	if !st.isNew {
		if o.old == nil {
			o.old, o.new = map[string]string{}, map[string]string{}
		}
		if _, ok := o.old[col]; !ok {
			o.old[col] = st.vals[col]
		}
		o.new[col] = v
		st.changed = true
	}
	st.vals[col] = v
	if col == "name" {
		st.reindex = true
	}
}

func dealKey(clientDeal dealData) string {
	return clientDeal.On + "|" + clientDeal.Amount + "|" + clientDeal.Description
}

// visitKey is a visit's identity as a file can tell it: the day (in the
// team's zone; a file holds no time of day), the kind and the notes. A
// ledger visit at 00:10 and a file visit of that day are the same visit.
func visitKey(day, kind, notes string) string {
	return day + "|" + kind + "|" + notes
}

// sameAsFile reports whether a client's stored field already holds what a
// file's value v says. A file's last contact is a day, coarser than the
// stored instant: any instant of that day in the team's zone is the same.
func sameAsFile(col, stored, v string, loc *time.Location) bool {
	if stored == v {
		return true
	}
	if col != "last_contact_at" || len(v) != len(time.DateOnly) {
		return false
	}
	t, ok := parseInstant(stored, loc).(time.Time)
	return ok && t.In(loc).Format(time.DateOnly) == v
}

// dbValue converts a field's text to what its clients column stores.
func dbValue(col, v string, loc *time.Location) any {
	switch col {
	case "size":
		if v == "" {
			return nil
		}
		return v
	case "owner_id":
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id == 0 {
			return nil
		}
		return id
	case "last_contact_at":
		return parseInstant(v, loc)
	case "next_review_on":
		if v == "" {
			return nil
		}
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil
		}
		return d
	}
	return v
}

// parseInstant reads last_contact_at text: a date from the file (the day's
// start in the team's zone) or an instant kept from the ledger.
func parseInstant(v string, loc *time.Location) any {
	if v == "" {
		return nil
	}
	if len(v) == len(time.DateOnly) {
		d, err := time.ParseInLocation(time.DateOnly, v, loc)
		if err != nil {
			return nil
		}
		return d
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return nil
	}
	return t
}

// laterInstant reports whether a is after b (both last_contact_at texts).
func laterInstant(a, b string, loc *time.Location) bool {
	ta, _ := parseInstant(a, loc).(time.Time)
	tb, ok := parseInstant(b, loc).(time.Time)
	return !ok || ta.After(tb)
}

func instantText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}
