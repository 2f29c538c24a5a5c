package digest

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// words are a digest's fixed texts in one language; %d and %s stand for
// the figures and (escaped) names.
type words struct {
	title, visits, person, nobody, newClients, feedback, atRisk, noRisk, more, caption string
}

var wordsZh = words{
	title:      "📊 <b>每周简报 · %s</b>\n%s\n",
	visits:     "\n<b>拜访</b>（共 %d 次）\n",
	person:     "• %s：%d\n",
	nobody:     "（团队暂无销售人员）\n",
	newClients: "\n<b>新增客户</b>：%d\n",
	feedback:   "<b>客户意见反馈</b>：新登记 %d · 已解决 %d · 逾期未解决 %d\n",
	atRisk:     "\n⚠️ <b>流失预警</b>（%d）\n",
	noRisk:     "暂无流失预警客户\n",
	more:       "……另有 %d 个客户\n",
	caption:    "📊 各销售拜访次数 · %s · %s",
}

var wordsEn = words{
	title:      "📊 <b>Weekly digest · %s</b>\n%s\n",
	visits:     "\n<b>Visits</b> (%d in all)\n",
	person:     "• %s: %d\n",
	nobody:     "(no salespeople in the team)\n",
	newClients: "\n<b>New clients</b>: %d\n",
	feedback:   "<b>Feedback</b>: opened %d · resolved %d · overdue %d\n",
	atRisk:     "\n⚠️ <b>At risk</b> (%d)\n",
	noRisk:     "No clients at risk\n",
	more:       "… and %d more\n",
	caption:    "📊 Visits per salesperson · %s · %s",
}

func wordsFor(lang string) words {
	if lang == "en" {
		return wordsEn
	}
	return wordsZh
}

// Text renders the digest for a reader of lang ("en", else Chinese) as
// Telegram HTML. It lists every salesperson by full name; the chart, whose
// font has no Chinese glyphs, only carries their pinyin.
func Text(w Week, lang string) string {
	l := wordsFor(lang)
	var b strings.Builder
	fmt.Fprintf(&b, l.title, html.EscapeString(w.TeamName), weekRange(w, lang))
	fmt.Fprintf(&b, l.visits, w.TotalVisits())
	for _, p := range w.Visits {
		fmt.Fprintf(&b, l.person, html.EscapeString(displayName(p)), p.Visits)
	}
	if len(w.Visits) == 0 {
		b.WriteString(l.nobody)
	}
	fmt.Fprintf(&b, l.newClients, w.NewClients)
	fmt.Fprintf(&b, l.feedback, w.FeedbackOpened, w.FeedbackResolved, w.FeedbackOverdue)
	fmt.Fprintf(&b, l.atRisk, w.AtRiskTotal)
	if w.AtRiskTotal == 0 {
		b.WriteString(l.noRisk)
	}
	for _, r := range w.AtRisk {
		fmt.Fprintf(&b, "• <b>%s</b>", html.EscapeString(r.ClientName))
		if why := r.Reason.Text(lang); why != "" {
			b.WriteString(" — " + why)
		}
		b.WriteByte('\n')
	}
	if more := w.AtRiskTotal - len(w.AtRisk); more > 0 {
		fmt.Fprintf(&b, l.more, more)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Caption is the short text sent with the chart.
func Caption(w Week, lang string) string {
	return fmt.Sprintf(wordsFor(lang).caption, html.EscapeString(w.TeamName), weekRange(w, lang))
}

// weekRange writes the week's Monday to Sunday for the reader.
func weekRange(w Week, lang string) string {
	first := dates.Day(w.From)
	last := dates.Day(w.To).AddDate(0, 0, -1)
	if lang == "en" {
		return dates.Format(first, lang) + " – " + dates.Format(last, lang)
	}
	return dates.Format(first, lang) + "–" + dates.FormatRel(last, first, lang)
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
