package report

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// TextLimit is the most characters one message of Text holds: Telegram's
// limit on a message's text. Each message is complete HTML on its own, so
// nothing downstream has to split a <pre> block.
const TextLimit = 4096

// Text renders r for a reader of lang as Telegram HTML messages, in order,
// each at most TextLimit characters: the title and period, the team totals
// against the previous period, then four small tables (visits, clients,
// follow-ups and feedback, satisfaction and revenue) with a row per person
// and the total. A team of 15 fits in one message. The report of every team
// starts with the overall totals and a row per team, then each team.
func Text(r Report, lang i18n.Lang) []string {
	l := lang
	blocks := []string{header(r, l)}
	if r.TeamID == 0 {
		blocks = append(blocks, totals(l, l.T("<b>全部团队合计</b>（对比上期）", "<b>All teams</b> (against the previous period)"), r.Cur, r.Prev))
		if len(r.Teams) > 0 {
			blocks = append(blocks, teamsTable(r, l).blocks(TextLimit)...)
		}
		for _, t := range r.Teams {
			blocks = append(blocks, teamBlocks(t, l, "🏷 <b>"+html.EscapeString(t.Name)+"</b>\n")...)
		}
	} else if len(r.Teams) > 0 {
		blocks = append(blocks, teamBlocks(r.Teams[0], l, "")...)
	}
	return pack(blocks, TextLimit)
}

// Caption is the short text for a chart of r.
func Caption(r Report, lang i18n.Lang) string {
	return "📊 " + title(r, lang) + " · " + periodText(r.Period, lang)
}

// title is the report's name: the team's, or every team's.
func title(r Report, l i18n.Lang) string {
	name := l.T("全部团队", "All teams")
	if r.TeamID != 0 && len(r.Teams) > 0 {
		name = html.EscapeString(r.Teams[0].Name)
	}
	return l.F("销售考核 · %s", "Sales review · %s", name)
}

// header is the title, the period and the one compared with, and the day
// the figures stop at when the period is not over.
func header(r Report, l i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📋 <b>%s</b>\n%s\n", title(r, l), periodText(r.Period, l))
	b.WriteString(l.F("对比上期：%s", "Compared with %s", periodText(r.Previous, l)))
	if day := dates.Day(r.AsOf); day.Before(r.Period.To.AddDate(0, 0, 1)) {
		b.WriteString(l.F("\n统计截至 %s %s", "\nFigures as of %s %s", dates.Format(day, string(l)), r.AsOf.Format("15:04")))
	}
	return b.String()
}

// periodText writes a period's first and last days for the reader.
func periodText(p export.Period, l i18n.Lang) string {
	return l.T(dates.Format(p.From, "zh")+"–"+dates.FormatRel(p.To, p.From, "zh"),
		dates.Format(p.From, "en")+" – "+dates.Format(p.To, "en"))
}

// teamBlocks is one team's totals and tables, under heading (may be "").
func teamBlocks(t Team, l i18n.Lang, heading string) []string {
	out := []string{totals(l, heading+l.T("<b>团队合计</b>（对比上期）", "<b>Team totals</b> (against the previous period)"), t.Cur, t.Prev)}
	if len(t.People) == 0 {
		return append(out, l.T("（团队暂无销售人员）", "(no salespeople in the team)"))
	}
	for _, tb := range peopleTables(t, l) {
		out = append(out, tb.blocks(TextLimit)...)
	}
	return out
}

// totals lists the compared figures: this period, the previous, the change.
func totals(l i18n.Lang, heading string, cur, prev Figures) string {
	var b strings.Builder
	b.WriteString(heading)
	for _, m := range compared {
		b.WriteString("\n" + m.name.In(l) + l.T("：", ": "))
		v, ok := m.value(cur)
		if !ok {
			b.WriteString(none)
		} else {
			b.WriteString(long(m, v))
		}
		p, okP := m.value(prev)
		switch {
		case !okP:
			b.WriteString(l.F("（上期 %s）", " (previous %s)", none))
		case !ok:
			b.WriteString(l.F("（上期 %s）", " (previous %s)", long(m, p)))
		default:
			d, _ := m.change(cur, prev)
			b.WriteString(l.F("（上期 %s，%s）", " (previous %s, %s)", long(m, p), delta(l, m, d)))
		}
	}
	return b.String()
}

// peopleTables are the four tables of a team, a row per person and the total.
func peopleTables(t Team, l i18n.Lang) []table {
	specs := []struct {
		title string
		heads []string
		cells func(Figures) []string
	}{
		{l.T("<b>拜访</b>（次）", "<b>Visits</b>"),
			[]string{l.T("合计", "All"), l.T("上门", "Site"), l.T("电话", "Tel"), l.T("视频", "Video"), l.T("其他", "Other")},
			func(f Figures) []string {
				v := f.Visits
				return []string{itoa(v.Total()), itoa(v.OnSite), itoa(v.Phone), itoa(v.Video), itoa(v.Other)}
			}},
		{l.T("<b>客户</b>（名下 = 名下客户；覆盖% = 其中本期拜访过的比例）", "<b>Clients</b> (owned; cov% = share of them visited)"),
			[]string{l.T("名下", "Owned"), l.T("覆盖%", "Cov%"), l.T("新客", "New"), l.T("流失", "Lost"), l.T("流失%", "Churn%")},
			func(f Figures) []string {
				return []string{itoa(f.Owned), short(l, mCoverage, f), itoa(f.NewClients), itoa(f.Lost), short(l, mChurn, f)}
			}},
		{l.T("<b>跟进与反馈</b>（到期 = 到期跟进；中位 = 反馈处理时长中位数）",
			"<b>Follow-ups and feedback</b> (follow-ups due and % on time; feedback resolved, median time to resolve, overdue)"),
			[]string{l.T("到期", "Due"), l.T("及时%", "OnT%"), l.T("解决", "Done"), l.T("中位", "Med."), l.T("逾期", "Late")},
			func(f Figures) []string {
				return []string{itoa(f.FollowUpsDue), short(l, mOnTimeRate, f), itoa(f.Resolved), short(l, mMedian, f),
					itoa(f.OverdueFeedback)}
			}},
		{l.T("<b>满意度与业绩</b>（金额：元）", "<b>Satisfaction and revenue</b> (CNY)"),
			[]string{l.T("满意", "Sat."), l.T("成交额", "Deals"), l.T("回款", "Paid")},
			func(f Figures) []string {
				return []string{short(l, mSatisfaction, f), short(l, mDealAmount, f), short(l, mCollected, f)}
			}},
	}
	out := make([]table, len(specs))
	for i, s := range specs {
		tb := table{title: s.title, heads: s.heads}
		for _, p := range t.People {
			tb.rows = append(tb.rows, tableRow{cells: s.cells(p.Cur), name: displayName(p)})
		}
		tb.total = &tableRow{cells: s.cells(t.Cur), name: l.T("合计", "Total")}
		out[i] = tb
	}
	return out
}

// teamsTable is the every-team report's overview: a row per team.
func teamsTable(r Report, l i18n.Lang) table {
	cellsOf := func(f Figures) []string {
		return []string{itoa(f.Visits.Total()), short(l, mCoverage, f), short(l, mOnTimeRate, f), short(l, mDealAmount, f)}
	}
	tb := table{title: l.T("<b>各团队</b>", "<b>By team</b>"), names: 12,
		heads: []string{l.T("拜访", "Visits"), l.T("覆盖%", "Cov%"), l.T("及时%", "OnT%"), l.T("成交额", "Deals")}}
	for _, t := range r.Teams {
		tb.rows = append(tb.rows, tableRow{cells: cellsOf(t.Cur), name: t.Name})
	}
	tb.total = &tableRow{cells: cellsOf(r.Cur), name: l.T("合计", "Total")}
	return tb
}

// displayName is the person's name, or their id when they never gave one.
func displayName(p Person) string {
	if strings.TrimSpace(p.Name) == "" {
		return fmt.Sprintf("#%d", p.StaffID)
	}
	return p.Name
}

func itoa(n int) string { return fmt.Sprint(n) }

// pack joins blocks into as few messages as fit limit characters each, a
// blank line apart, never splitting a block.
func pack(blocks []string, limit int) []string {
	var out []string
	var cur strings.Builder
	n := 0
	for _, b := range blocks {
		bn := utf8.RuneCountInString(b)
		if n > 0 && n+2+bn > limit {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteString("\n\n")
			n += 2
		}
		cur.WriteString(b)
		n += bn
	}
	if n > 0 {
		out = append(out, cur.String())
	}
	return out
}
