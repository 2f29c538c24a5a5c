package chat

import (
	"strings"

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
		// Amount12m is numeric(16,2) as text, written as deals show amounts.
		b.WriteString(l.F("近 12 月成交 ¥%s（%d 笔）", "12 months: ¥%s (%d deals)", v.Amount12m, v.Deals12m))
	}
	b.WriteString("\n")
	return b.String()
}
