package callback

// The actions on one client, each "<action>:<client id>".
const (
	cardAction          = "c"
	startVisitAction    = "v"
	startFeedbackAction = "fb"
	contactsAction      = "ct"
	newContactAction    = "nc"
	newDealAction       = "nd"
	editClientAction    = "e"
)

// Card opens a client's card: "c:<client>".
type Card struct{ Client int64 }

// StartVisit starts logging a visit to the client: "v:<client>".
type StartVisit struct{ Client int64 }

// StartFeedback starts registering the client's feedback: "fb:<client>".
type StartFeedback struct{ Client int64 }

// Contacts lists the client's contacts: "ct:<client>".
type Contacts struct{ Client int64 }

// NewContact starts adding a contact to the client: "nc:<client>".
type NewContact struct{ Client int64 }

// NewDeal starts recording a deal with the client: "nd:<client>".
type NewDeal struct{ Client int64 }

// EditClient starts editing the client's profile: "e:<client>".
type EditClient struct{ Client int64 }

// Data implements Action.
func (a Card) Data() string   { return data(a) }
func (a Card) check() error   { return checkID("client", a.Client) }
func (a Card) encode() string { return cardAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a StartVisit) Data() string   { return data(a) }
func (a StartVisit) check() error   { return checkID("client", a.Client) }
func (a StartVisit) encode() string { return startVisitAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a StartFeedback) Data() string   { return data(a) }
func (a StartFeedback) check() error   { return checkID("client", a.Client) }
func (a StartFeedback) encode() string { return startFeedbackAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a Contacts) Data() string   { return data(a) }
func (a Contacts) check() error   { return checkID("client", a.Client) }
func (a Contacts) encode() string { return contactsAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a NewContact) Data() string   { return data(a) }
func (a NewContact) check() error   { return checkID("client", a.Client) }
func (a NewContact) encode() string { return newContactAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a NewDeal) Data() string   { return data(a) }
func (a NewDeal) check() error   { return checkID("client", a.Client) }
func (a NewDeal) encode() string { return newDealAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a EditClient) Data() string   { return data(a) }
func (a EditClient) check() error   { return checkID("client", a.Client) }
func (a EditClient) encode() string { return editClientAction + ":" + itoa(a.Client) }
