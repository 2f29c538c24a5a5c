package sheet

import (
	"errors"
	"math/big"
	"regexp"
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"golang.org/x/text/unicode/norm"
)

// reAmount is a number with optional thousands separators (groups of three
// digits) or exponent, as Excel writes numbers into text.
var reAmount = regexp.MustCompile(`^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d{1,3})?$`)

// amountUnits are the Chinese magnitude words a ledger writes after a
// number: 1.2万 is 12000, 3亿 300000000.
var amountUnits = []struct {
	word   string
	factor int64
}{{"万", 10_000}, {"亿", 100_000_000}, {"千", 1_000}, {"w", 10_000}, {"k", 1_000}}

// reHeaderUnit is the unit an amount column's header names: in brackets at
// its end (金额（万元）, Amount (CNY k)), after a slash (金额/万元) or run
// into it (合同金额万元).
var reHeaderUnit = regexp.MustCompile(`(?:[(\[【<《/]\s*([^()\[\]【】<>《》/]*?)\s*[)\]】>》]?|(亿元|万元|千元))\s*$`)

// AmountUnit is the magnitude an amount column's header gives the numbers
// under it: 10000 for 金额（万元）, 合同金额/万元 or 金额万元, 1000 for 千元
// or "Amount (CNY k)", 1e8 for 亿元, 1e6 for "(CNY million)"; 1 when the
// header names none. A ledger kept in 万元 holds 12 for 120,000 yuan:
// reading it as 12 yuan would be wrong by four orders of magnitude.
func AmountUnit(header string) int64 {
	h := strings.ToLower(norm.NFKC.String(header))
	m := reHeaderUnit.FindStringSubmatch(strings.TrimSpace(h))
	if m == nil {
		return 1
	}
	unit := m[1] + m[2]
	switch {
	case strings.Contains(unit, "亿"):
		return 100_000_000
	case strings.Contains(unit, "万"):
		return 10_000
	case strings.Contains(unit, "千"), strings.Contains(unit, "thousand"), hasWord(unit, "k"), hasWord(unit, "'000"):
		return 1_000
	case strings.Contains(unit, "million"), hasWord(unit, "m"), hasWord(unit, "mn"):
		return 1_000_000
	}
	return 1
}

// hasWord reports whether s holds w as a word of its own (split at spaces
// and punctuation other than the apostrophe).
func hasWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '-' }) {
		if f == w {
			return true
		}
	}
	return false
}

// ParseAmount reads an amount as the deal column holds it: "¥1,234.50",
// "1.2万", "3万元", "RMB 1000", "1,000" → decimal text with two places
// ("1234.50", "12000.00"). The result obeys client.ParseAmount, the rule a
// deal typed in chat obeys: more than zero, at most two decimal places, at
// most 1e12. A negative amount is refused, not turned positive.
func ParseAmount(s string) (string, error) { return ParseAmountIn(s, 1) }

// ParseAmountIn is ParseAmount for a column whose header gives its numbers
// a unit (AmountUnit): a bare 12 in a 万元 column is 120000.00. A cell
// that writes its own unit (1.2万, 8000元) keeps it.
func ParseAmountIn(s string, unit int64) (string, error) {
	v := strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
	if v == "" {
		return "", valueErr("empty amount")
	}
	if len(v) > 64 {
		return "", valueErr("not an amount")
	}
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")") {
		return "", valueErr("%q: an amount must not be negative", s)
	}
	for _, p := range []string{"人民币", "rmb", "cny", "¥", "$", "+"} {
		v = strings.TrimSpace(strings.TrimPrefix(v, p))
	}
	yuan := strings.HasSuffix(v, "元")
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(v, "元"), "rmb"))
	factor := max(unit, 1)
	if yuan {
		factor = 1 // 8000元 under 金额（万元） says yuan itself
	}
	for _, u := range amountUnits {
		if rest, ok := strings.CutSuffix(v, u.word); ok {
			v, factor = strings.TrimSpace(rest), u.factor
			break
		}
	}
	v = strings.NewReplacer(" ", "", "_", "").Replace(v)
	if v == "" || v == "." || !reAmount.MatchString(v) {
		return "", valueErr("%q is not an amount: write it as 12500.50 or 1.2万", s)
	}
	r, ok := new(big.Rat).SetString(strings.ReplaceAll(v, ",", ""))
	if !ok {
		return "", valueErr("%q is not an amount: write it as 12500.50 or 1.2万", s)
	}
	r.Mul(r, new(big.Rat).SetInt64(factor))
	if r.Cmp(big.NewRat(1_000_000_000_000_000, 1)) > 0 {
		return "", valueErr("%q: an amount must be at most 1000000000000", s)
	}
	out, err := client.ParseAmount(exact(r))
	if err != nil {
		if errors.Is(err, client.ErrInvalid) {
			return "", valueErr("%q: %s", s, strings.TrimPrefix(err.Error(), client.ErrInvalid.Error()+": "))
		}
		return "", err
	}
	return out, nil
}

// exact renders r with as many decimals as it needs (up to 12), so that
// client.ParseAmount sees "12.345" and refuses the third place rather than
// a silently rounded value.
func exact(r *big.Rat) string {
	s := r.FloatString(12)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// reZero is a cell that says "nothing": 0, 0.00, ¥0, 0元, or the dash
// Excel's accounting format shows for zero.
var reZero = regexp.MustCompile(`^(?:[¥$]|rmb|cny|人民币)?\s*(?:0+(?:\.0*)?|\.0+|-|–|—)\s*(?:元|万|万元)?$`)

// IsZeroAmount reports whether an amount cell says zero. A ledger writes
// 0 (or Excel's "-") under 已回款 for nothing received yet: no payment,
// rather than the error ParseAmount gives an amount that is not above zero.
func IsZeroAmount(s string) bool {
	return reZero.MatchString(strings.ToLower(strings.TrimSpace(norm.NFKC.String(s))))
}
