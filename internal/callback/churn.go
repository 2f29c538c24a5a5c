package callback

// The actions of churn alerts and the risk list.
const (
	ackChurnAction  = "ca"
	showChurnAction = "cv"
	winbackAction   = "cw" // ChooseWinback and AssignWinback
	riskPageAction  = "rk"
)

// MaxRiskPage is the last risk list page a button may ask for; the router
// has always refused pages past it.
const MaxRiskPage = 100000

// AckChurn acknowledges a churn alert: "ca:<episode>".
type AckChurn struct{ Episode int64 }

// ShowChurn shows a churn alert's episode again: "cv:<episode>".
type ShowChurn struct{ Episode int64 }

// ChooseWinback lists who may be assigned the episode's win-back visit:
// "cw:<episode>".
type ChooseWinback struct{ Episode int64 }

// AssignWinback assigns the episode's win-back visit to a staff member:
// "cw:<episode>:<staff>".
type AssignWinback struct{ Episode, Staff int64 }

// RiskPage shows one page (from 0) of the clients at risk: "rk:<page>".
type RiskPage struct{ Page int }

// Data implements Action.
func (a AckChurn) Data() string   { return data(a) }
func (a AckChurn) check() error   { return checkID("episode", a.Episode) }
func (a AckChurn) encode() string { return ackChurnAction + ":" + itoa(a.Episode) }

// Data implements Action.
func (a ShowChurn) Data() string   { return data(a) }
func (a ShowChurn) check() error   { return checkID("episode", a.Episode) }
func (a ShowChurn) encode() string { return showChurnAction + ":" + itoa(a.Episode) }

// Data implements Action.
func (a ChooseWinback) Data() string   { return data(a) }
func (a ChooseWinback) check() error   { return checkID("episode", a.Episode) }
func (a ChooseWinback) encode() string { return winbackAction + ":" + itoa(a.Episode) }

// Data implements Action.
func (a AssignWinback) Data() string { return data(a) }

func (a AssignWinback) check() error {
	if err := checkID("episode", a.Episode); err != nil {
		return err
	}
	return checkID("staff", a.Staff)
}

func (a AssignWinback) encode() string {
	return winbackAction + ":" + itoa(a.Episode) + ":" + itoa(a.Staff)
}

// Data implements Action.
func (a RiskPage) Data() string   { return data(a) }
func (a RiskPage) check() error   { return checkPage(a.Page, MaxRiskPage) }
func (a RiskPage) encode() string { return riskPageAction + ":" + itoa(int64(a.Page)) }
