package chat

import (
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/credit"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/value"
)

// valueLine is the card's line for the client's value as of the last
// nightly run: the ABC class, the RFM scores and the last 12 months' deals,
// so whoever opens the card sees what the tier review sees. The class is
// the team's: A is the clients that make up the first 80% of its revenue.
func valueLine(l i18n.Lang, v value.Value) string {
	var b strings.Builder
	b.WriteString(l.F("价值：%s 类 · RFM %d/%d/%d · ", "Value: class %s · RFM %d/%d/%d · ", v.ABC, v.R, v.F, v.M))
	if v.Deals12m == 0 {
		b.WriteString(l.T("近 12 月无成交", "no deal in 12 months"))
	} else {
		b.WriteString(l.F("近 12 月成交 ¥%s（%d 笔）", "12 months: ¥%s (%d deals)", credit.Yuan(centsOf(v.Amount12m)), v.Deals12m))
	}
	b.WriteString("\n")
	return b.String()
}

// centsOf reads a non-negative decimal amount with up to two places ("1234.5",
// "1234.50") as fen; what it cannot read counts as 0, which only the card
// shows.
func centsOf(s string) int64 {
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + "00")[:2]
	var n int64
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int64(r-'0')
	}
	return n
}
