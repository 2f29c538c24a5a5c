package importer

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// rowData is what the dry run read from one row, as stored in
// import_rows.data; the client fields other than the name go to
// import_rows.fields (see clientFields).
type rowData struct {
	Name     string        `json:"name,omitempty"` // the client's name (of the row, or the client a child row belongs to)
	Contacts []contactData `json:"contacts,omitempty"`
	Deal     *dealData     `json:"deal,omitempty"`
	Visit    *visitData    `json:"visit,omitempty"`
}

type contactData struct {
	Name     string `json:"name"`
	Position string `json:"position,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Birthday string `json:"birthday,omitempty"` // YYYY-MM-DD
}

type dealData struct {
	On          string `json:"on"`     // YYYY-MM-DD
	Amount      string `json:"amount"` // "12500.00"
	Description string `json:"description,omitempty"`
	// The receivable, when the file has it (see receivable.go): the amount
	// invoiced ("" for the deal's amount), the due date ("" for none), what
	// was received in all ("" for nothing) and the day it is recorded on.
	Invoiced string `json:"invoiced,omitempty"`
	DueOn    string `json:"due_on,omitempty"`  // YYYY-MM-DD
	Paid     string `json:"paid,omitempty"`    // "5000.00"
	PaidOn   string `json:"paid_on,omitempty"` // YYYY-MM-DD, set whenever Paid is
}

type visitData struct {
	On       string `json:"on"` // YYYY-MM-DD
	Kind     string `json:"kind"`
	Notes    string `json:"notes,omitempty"`
	AuthorID int64  `json:"author_id,omitempty"` // 0: the importer
}

// The keys of import_rows.fields: the clients columns they are written to,
// and owner_id, last_contact_at and next_review_on as text.
var textColumns = []string{"industry", "region", "address", "source", "needs", "risk_note"}

// clientColumns are every key of import_rows.fields, in the order the
// commit writes them.
var clientColumns = append(append([]string{}, textColumns...), "size", "tier", "stage", "owner_id",
	"last_contact_at", "next_review_on")

// rowError is one problem of one row, in both languages; the import's
// language picks the text shown.
type rowError struct {
	Col   int    `json:"col"` // column index in the sheet, -1 for the row as a whole
	Value string `json:"value,omitempty"`
	ZH    string `json:"zh"`
	EN    string `json:"en"`
}

// staffKey is how a name typed in a sheet is compared with staff names:
// width and case folded, spaces dropped.
func staffKey(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Join(strings.Fields(s), "")
}
