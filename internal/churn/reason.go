package churn

import (
	"encoding/json"
	"html"

	"github.com/ledgerbot/ledgerbot/internal/credit"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// The reason codes, as stored in churn_episodes.reasons.
const (
	NoContact         = "no_contact"         // Days without contact, more than Limit
	ActivityDrop      = "activity_drop"      // Recent visits and deals against Before
	OverdueComplaints = "overdue_complaints" // Count complaints past due
	StageChange       = "stage"              // the stage moved From -> To
	// OverduePayment: Count receivables owing Amount (yuan) past due, the
	// oldest Days past due, making the credit Standing watch or at_risk.
	OverduePayment = "overdue_payment"
)

// Reason is one explainable signal of risk. Only the fields of its Code are
// meaningful; the JSON form holds only those.
type Reason struct {
	Code   string `json:"code"`
	Days   int    `json:"days"`
	Limit  int    `json:"limit"`
	Recent int    `json:"recent"`
	Before int    `json:"before"`
	Count  int    `json:"count"`
	From   string `json:"from"`
	To     string `json:"to"`
	// Amount (decimal text, yuan) and Standing (credit.Standing) belong to
	// OverduePayment.
	Amount   string `json:"amount"`
	Standing string `json:"standing"`
}

// MarshalJSON writes the code and its own fields, so that stored reasons read
// as {"code":"no_contact","days":61,"limit":60} for the digest and for people.
func (r Reason) MarshalJSON() ([]byte, error) {
	switch r.Code {
	case NoContact:
		return json.Marshal(struct {
			Code  string `json:"code"`
			Days  int    `json:"days"`
			Limit int    `json:"limit"`
		}{r.Code, r.Days, r.Limit})
	case ActivityDrop:
		return json.Marshal(struct {
			Code   string `json:"code"`
			Recent int    `json:"recent"`
			Before int    `json:"before"`
		}{r.Code, r.Recent, r.Before})
	case OverdueComplaints:
		return json.Marshal(struct {
			Code  string `json:"code"`
			Count int    `json:"count"`
		}{r.Code, r.Count})
	case StageChange:
		return json.Marshal(struct {
			Code string `json:"code"`
			From string `json:"from"`
			To   string `json:"to"`
		}{r.Code, r.From, r.To})
	case OverduePayment:
		return json.Marshal(struct {
			Code     string `json:"code"`
			Count    int    `json:"count"`
			Days     int    `json:"days"`
			Amount   string `json:"amount"`
			Standing string `json:"standing"`
		}{r.Code, r.Count, r.Days, r.Amount, r.Standing})
	}
	return json.Marshal(struct {
		Code string `json:"code"`
	}{r.Code})
}

// Text explains the reason to a reader of lang (a code i18n.Parse reads).
// It holds no user data, so it is safe in HTML as it is.
func (r Reason) Text(lang string) string {
	l := i18n.Parse(lang)
	switch r.Code {
	case NoContact:
		return l.F("已 %d 天未联系（上限 %d 天）", "no contact for %d days (limit %d)", r.Days, r.Limit)
	case ActivityDrop:
		// The languages name the figures in different orders.
		return l.F("拜访和交易减少：近 %[3]d 天 %[1]d 次，此前 %[3]d 天 %[2]d 次",
			"visits and deals down: %[1]d in the last %[3]d days, %[2]d in the %[3]d days before", r.Recent, r.Before, Window)
	case OverdueComplaints:
		// Only English has a plural; Chinese leaves the word out.
		return l.F("%[1]d 条投诉逾期未解决", "%[1]d %[2]s past due and unresolved", r.Count, plural(r.Count, "complaint", "complaints"))
	case StageChange:
		return l.F("合作阶段：%s → %s", "stage: %s → %s", label(l, i18n.Stage, r.From), label(l, i18n.Stage, r.To))
	case OverduePayment:
		return l.F("回款逾期：¥%[1]s 未收（%[2]d 笔，最长逾期 %[3]d 天），信用%[4]s",
			"overdue payments: ¥%[1]s owed (%[2]d %[5]s, up to %[3]d days past due), credit %[4]s",
			html.EscapeString(r.Amount), r.Count, r.Days, credit.Standing(r.Standing).Text(lang), plural(r.Count, "deal", "deals"))
	}
	return html.EscapeString(r.Code) // a code from a newer version: shown as stored
}

// label names an enumeration value in l for HTML: a value the table does
// not know (stored by a newer version) is shown escaped, as stored.
func label(l i18n.Lang, e i18n.Enum, v string) string {
	return html.EscapeString(l.Label(e, v))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
