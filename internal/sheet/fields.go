package sheet

// Kind is what a sheet holds: one row per client, per contact, per deal or
// per visit.
type Kind string

// The kinds of sheet the importer understands.
const (
	Clients  Kind = "clients"
	Contacts Kind = "contacts"
	Deals    Kind = "deals"
	Visits   Kind = "visits"
)

// Kinds lists every kind, in the order a workbook usually holds them.
var Kinds = []Kind{Clients, Contacts, Deals, Visits}

// Field is the ledger value a column holds; "" means the column is ignored.
// The values are stable: the importer stores them with an import's mapping.
type Field string

// The fields a column can map to.
const (
	// ClientID is 客户编号: the export writes it, so that a re-import
	// recognises the client it came from.
	ClientID    Field = "client.id"
	ClientName  Field = "client.name"
	Industry    Field = "client.industry"
	Size        Field = "client.size"
	Tier        Field = "client.tier"
	Stage       Field = "client.stage"
	Region      Field = "client.region"
	Address     Field = "client.address"
	Source      Field = "client.source"
	Owner       Field = "client.owner"
	Needs       Field = "client.needs"
	Credit      Field = "client.credit"
	LastContact Field = "client.last_contact"
	NextReview  Field = "client.next_review"

	// The contact fields may repeat in a row (联系人2, 电话2): Column.Slot
	// tells which contact of the row a column belongs to.
	ContactName     Field = "contact.name"
	ContactPosition Field = "contact.position"
	ContactPhone    Field = "contact.phone"
	ContactEmail    Field = "contact.email"
	ContactBirthday Field = "contact.birthday"

	DealDate        Field = "deal.date"
	DealAmount      Field = "deal.amount"
	DealDescription Field = "deal.description"
	// The deal's receivable (应收账款): the amount invoiced (NULL in the
	// ledger means the deal's amount), the day payment falls due, what was
	// received against it in all and the day it was received.
	DealInvoiced Field = "deal.invoiced"
	DealDueOn    Field = "deal.due_on"
	DealPaid     Field = "deal.paid"
	DealPaidOn   Field = "deal.paid_on"

	VisitDate   Field = "visit.date"
	VisitKind   Field = "visit.kind"
	VisitNotes  Field = "visit.notes"
	VisitAuthor Field = "visit.author"
)

// IsAmount reports whether f holds money, so that its header may give its
// numbers a unit (AmountUnit: 金额（万元）, 已回款（万元）).
func (f Field) IsAmount() bool {
	return f == DealAmount || f == DealInvoiced || f == DealPaid
}

// Column is one mapped column: the field and, for contact fields, which
// contact of the row it belongs to (0 for the first, 1 for 联系人2 ...).
type Column struct {
	Field Field
	Slot  int
}

// IsContact reports whether f describes a contact, so it may carry a Slot.
func (f Field) IsContact() bool {
	switch f {
	case ContactName, ContactPosition, ContactPhone, ContactEmail, ContactBirthday:
		return true
	}
	return false
}

// fieldsOf lists, per kind, the fields a user may map a column to, in the
// order the template and the export write them.
var fieldsOf = map[Kind][]Field{
	Clients: {ClientID, ClientName, Industry, Size, Tier, Stage, Region, Address, Source, Owner,
		ContactName, ContactPosition, ContactPhone, ContactEmail, ContactBirthday,
		Needs, Credit, LastContact, NextReview},
	Contacts: {ClientID, ClientName, ContactName, ContactPosition, ContactPhone, ContactEmail, ContactBirthday},
	Deals: {ClientID, ClientName, DealDate, DealAmount, DealDescription,
		DealInvoiced, DealDueOn, DealPaid, DealPaidOn},
	Visits: {ClientID, ClientName, VisitDate, VisitKind, VisitNotes, VisitAuthor},
}

// Fields returns the targets a user may choose for a column of a sheet of
// kind k (a copy: the caller may change it).
func Fields(k Kind) []Field {
	return append([]Field(nil), fieldsOf[k]...)
}
