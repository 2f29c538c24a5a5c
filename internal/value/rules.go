package value

import (
	"time"

	"github.com/ledgerbot/ledgerbot/internal/credit"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// The rules of the tier review, as stored in tier_suggestions.rule. The
// ledger's guidance tiers clients by transaction value, potential and credit
// standing; each rule is one disagreement between the tier and the value.
const (
	// NormalInA: a normal client in class A, among the few that make 80% of
	// the team's revenue: raise it to key (one step; strategic is a
	// manager's call on more than revenue).
	NormalInA = "normal_in_a"
	// StrategicNoDeal: a strategic client without a deal in the 12 months,
	// though it existed for all of them: lower it to key.
	StrategicNoDeal = "strategic_no_deal"
	// StrategicInC: a strategic client that buys, but so little that it is
	// in class C (the last 5% of revenue): lower it to key.
	StrategicInC = "strategic_in_c"
	// KeyNoDeal: a key client without a deal in the 12 months, though it
	// existed for all of them: lower it to normal, whose review cadence is
	// longer.
	KeyNoDeal = "key_no_deal"
)

// Rules lists the rules in the order the review explains them.
var Rules = []string{NormalInA, StrategicNoDeal, StrategicInC, KeyNoDeal}

// ruleSQL picks the one rule that holds for a client (c, clients) with value
// v, NULL when none does; $3 is the first instant of the 12 months in the
// team's zone. A client created after it has not had the 12 months to buy
// and is kept for its potential. The rules exclude one another by tier and
// deals, so a client has at most one open suggestion at a time.
const ruleSQL = `CASE
		WHEN c.tier = 'normal' AND v.abc = 'A' THEN 'normal_in_a'
		WHEN c.tier = 'strategic' AND v.deals_12m = 0 AND c.created_at < $3 THEN 'strategic_no_deal'
		WHEN c.tier = 'strategic' AND v.deals_12m > 0 AND v.abc = 'C' THEN 'strategic_in_c'
		WHEN c.tier = 'key' AND v.deals_12m = 0 AND c.created_at < $3 THEN 'key_no_deal'
	END`

// toTierSQL is the tier a rule (x.rule) suggests.
const toTierSQL = `CASE x.rule WHEN 'key_no_deal' THEN 'normal' ELSE 'key' END`

// Reason explains the suggestion to a reader of lang (a code i18n.Parse
// reads): the rule, its evidence and, for a promotion of a client whose
// credit standing is not good, the standing and what is past due. It holds
// no user data, so it is safe in HTML as it is.
func (s Suggestion) Reason(lang string) string {
	l := i18n.Parse(lang)
	from, to := l.Label(i18n.Tier, s.FromTier), l.Label(i18n.Tier, s.ToTier)
	var why string
	switch s.Rule {
	case NormalInA:
		why = l.F("%s，但近 12 个月成交 ¥%s（%d 笔），属 A 类（贡献团队前 80%% 的收入）",
			"Tier %s, but ¥%s in %d deals over 12 months puts it in class A (the first 80%% of the team's revenue)",
			from, s.Amount12m, s.Deals12m)
	case StrategicNoDeal, KeyNoDeal:
		last := l.T("从未成交", "never bought")
		if s.LastDealOn != nil {
			last = l.F("最近成交 %s", "last deal %s", s.LastDealOn.Format(time.DateOnly))
		}
		why = l.F("%s，但近 12 个月没有成交（%s）", "Tier %s, but no deal in 12 months (%s)", from, last)
	case StrategicInC:
		why = l.F("%s，但近 12 个月仅成交 ¥%s（%d 笔），属 C 类（团队收入的最后 5%%）",
			"Tier %s, but only ¥%s in %d deals over 12 months: class C (the last 5%% of the team's revenue)",
			from, s.Amount12m, s.Deals12m)
	default:
		why = from // a rule of a newer version: its suggestion still reads
	}
	text := why + l.F("；建议调为%s。", "; suggested tier: %s.", to)
	if st := s.Credit.Standing; st != "" && st != credit.Good {
		text += l.F("注意：信用%s，逾期未回款 ¥%s，最长逾期 %d 天。", " Note: credit %s, ¥%s overdue, up to %d days.",
			st.Text(lang), credit.Yuan(s.Credit.Cents), s.Credit.MaxDays)
	}
	return text
}

// tierRank orders the tiers: normal 0, key 1, strategic 2.
func tierRank(tier string) int {
	switch tier {
	case "strategic":
		return 2
	case "key":
		return 1
	}
	return 0
}
