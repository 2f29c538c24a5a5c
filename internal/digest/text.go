package digest

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Text renders the digest for a reader of lang (a code i18n.Parse reads)
// as Telegram HTML. It lists every salesperson by full name, as the chart
// does.
func Text(w Week, lang string) string {
	l := i18n.Parse(lang)
	var b strings.Builder
	b.WriteString(l.F("📊 <b>每周简报 · %s</b>\n%s\n", "📊 <b>Weekly digest · %s</b>\n%s\n", html.EscapeString(w.TeamName), weekRange(w, l)))
	b.WriteString(l.F("\n<b>拜访</b>（共 %d 次）\n", "\n<b>Visits</b> (%d in all)\n", w.TotalVisits()))
	for _, p := range w.Visits {
		b.WriteString(l.F("• %s：%d\n", "• %s: %d\n", html.EscapeString(displayName(p)), p.Visits))
	}
	if len(w.Visits) == 0 {
		b.WriteString(l.T("（团队暂无销售人员）\n", "(no salespeople in the team)\n"))
	}
	b.WriteString(l.F("\n<b>新增客户</b>：%d\n", "\n<b>New clients</b>: %d\n", w.NewClients))
	b.WriteString(l.F("<b>客户意见反馈</b>：新登记 %d · 已解决 %d · 逾期未解决 %d\n", "<b>Feedback</b>: opened %d · resolved %d · overdue %d\n",
		w.FeedbackOpened, w.FeedbackResolved, w.FeedbackOverdue))
	b.WriteString(l.F("\n⚠️ <b>流失预警</b>（%d）\n", "\n⚠️ <b>At risk</b> (%d)\n", w.AtRiskTotal))
	if w.AtRiskTotal == 0 {
		b.WriteString(l.T("暂无流失预警客户\n", "No clients at risk\n"))
	}
	for _, r := range w.AtRisk {
		fmt.Fprintf(&b, "• <b>%s</b>", html.EscapeString(r.ClientName))
		if why := r.Reason.Text(lang); why != "" {
			b.WriteString(" — " + why)
		}
		b.WriteByte('\n')
	}
	if more := w.AtRiskTotal - len(w.AtRisk); more > 0 {
		b.WriteString(l.F("……另有 %d 个客户\n", "… and %d more\n", more))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Caption is the short text sent with the chart.
func Caption(w Week, lang string) string {
	l := i18n.Parse(lang)
	return l.F("📊 各销售拜访次数 · %s · %s", "📊 Visits per salesperson · %s · %s", html.EscapeString(w.TeamName), weekRange(w, l))
}

// weekRange writes the week's Monday to Sunday for the reader: Chinese
// leaves out the second year when it is the first's.
func weekRange(w Week, l i18n.Lang) string {
	first := dates.Day(w.From)
	last := dates.Day(w.To).AddDate(0, 0, -1)
	return l.T(dates.Format(first, string(l))+"–"+dates.FormatRel(last, first, string(l)),
		dates.Format(first, string(l))+" – "+dates.Format(last, string(l)))
}

// displayName is the person's name, or their id when they never gave one.
func displayName(p Person) string {
	if strings.TrimSpace(p.Name) == "" {
		return fmt.Sprintf("#%d", p.StaffID)
	}
	return p.Name
}

// weekOf is the digest key's date of the week: its Monday, YYYY-MM-DD.
func weekOf(w Week) string { return w.From.Format(time.DateOnly) }
