package churn

import (
	"encoding/json"
	"fmt"
	"html"
)

// The reason codes, as stored in churn_episodes.reasons.
const (
	NoContact         = "no_contact"         // Days without contact, more than Limit
	ActivityDrop      = "activity_drop"      // Recent visits and deals against Before
	OverdueComplaints = "overdue_complaints" // Count complaints past due
	StageChange       = "stage"              // the stage moved From -> To
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
	}
	return json.Marshal(struct {
		Code string `json:"code"`
	}{r.Code})
}

// Text explains the reason to a reader of lang ("en", else Chinese). It
// holds no user data, so it is safe in HTML as it is.
func (r Reason) Text(lang string) string {
	en := lang == "en"
	switch r.Code {
	case NoContact:
		if en {
			return fmt.Sprintf("no contact for %d days (limit %d)", r.Days, r.Limit)
		}
		return fmt.Sprintf("已 %d 天未联系（上限 %d 天）", r.Days, r.Limit)
	case ActivityDrop:
		if en {
			return fmt.Sprintf("visits and deals down: %d in the last %d days, %d in the %d days before", r.Recent, Window, r.Before, Window)
		}
		return fmt.Sprintf("拜访和交易减少：近 %d 天 %d 次，此前 %d 天 %d 次", Window, r.Recent, Window, r.Before)
	case OverdueComplaints:
		if en {
			return fmt.Sprintf("%d %s past due and unresolved", r.Count, plural(r.Count, "complaint", "complaints"))
		}
		return fmt.Sprintf("%d 条投诉逾期未解决", r.Count)
	case StageChange:
		if en {
			return fmt.Sprintf("stage: %s → %s", StageLabel(r.From, lang), StageLabel(r.To, lang))
		}
		return fmt.Sprintf("合作阶段：%s → %s", StageLabel(r.From, lang), StageLabel(r.To, lang))
	}
	return html.EscapeString(r.Code) // a code from a newer version: shown as stored
}

// StageLabel names a lifecycle stage in lang, with the terms of the ledger.
func StageLabel(stage, lang string) string {
	return label(stage, lang, stageNames)
}

// TierLabel names a client tier in lang.
func TierLabel(tier, lang string) string {
	return label(tier, lang, tierNames)
}

// The names of stages and tiers: {zh, en}.
var (
	stageNames = map[string][2]string{
		StagePotential: {"潜在客户", "potential"},
		StageNew:       {"新客户", "new"},
		StageActive:    {"活跃客户", "active"},
		StageSleeping:  {"沉睡客户", "sleeping"},
		StageChurned:   {"流失客户", "churned"},
	}
	tierNames = map[string][2]string{
		"strategic": {"战略客户", "strategic client"},
		"key":       {"重点客户", "key client"},
		"normal":    {"普通客户", "normal client"},
	}
)

func label(v, lang string, names map[string][2]string) string {
	n, ok := names[v]
	if !ok {
		return html.EscapeString(v)
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
