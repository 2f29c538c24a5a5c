package callback

// The actions on a client's receivables (应收账款) and the payments
// against them (回款).
const (
	receivablesAction    = "rc"
	dealReceivableAction = "rd"
	dealTermsAction      = "dt"
	dealPaymentAction    = "dp"
)

// Receivables lists a client's deals with what is still owed on them:
// "rc:<client>".
type Receivables struct{ Client int64 }

// DealReceivable shows one deal's receivable and its payments:
// "rd:<deal>".
type DealReceivable struct{ Deal int64 }

// DealTerms starts setting a deal's invoiced amount and payment due date:
// "dt:<deal>".
type DealTerms struct{ Deal int64 }

// DealPayment starts recording a payment against a deal: "dp:<deal>".
type DealPayment struct{ Deal int64 }

// Data implements Action.
func (a Receivables) Data() string   { return data(a) }
func (a Receivables) check() error   { return checkID("client", a.Client) }
func (a Receivables) encode() string { return receivablesAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a DealReceivable) Data() string   { return data(a) }
func (a DealReceivable) check() error   { return checkID("deal", a.Deal) }
func (a DealReceivable) encode() string { return dealReceivableAction + ":" + itoa(a.Deal) }

// Data implements Action.
func (a DealTerms) Data() string   { return data(a) }
func (a DealTerms) check() error   { return checkID("deal", a.Deal) }
func (a DealTerms) encode() string { return dealTermsAction + ":" + itoa(a.Deal) }

// Data implements Action.
func (a DealPayment) Data() string   { return data(a) }
func (a DealPayment) check() error   { return checkID("deal", a.Deal) }
func (a DealPayment) encode() string { return dealPaymentAction + ":" + itoa(a.Deal) }
