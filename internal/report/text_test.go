package report

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// phoneCells is how wide a line of a table may be to read on a phone held
// upright without wrapping.
const phoneCells = 38

// bigTeam is a report of one team of n people with large, realistic
// figures: three-digit visits, hundreds of clients, millions in deals.
func bigTeam(n int) Report {
	names := []string{"张伟", "王芳", "李娜", "欧阳建国", "Alexander Smith", "陈静", "杨磊", "赵敏", "黄勇", "周杰",
		"吴霞", "徐明", "孙丽", "马超", "朱婷", "胡斌", "刘洋", "郭鹏", "何琳", "林峰"}
	t := Team{ID: 1, Name: "华东大区销售一部"}
	for i := range n {
		f := Figures{
			Visits: VisitCounts{OnSite: 60 + i, Phone: 45, Video: 9, Other: 3},
			Owned:  250 + i, Visited: 180, NewClients: 12, FollowUpsDue: 140, FollowUpsOnTime: 121,
			Resolved: 17, MedianResolveHours: 30.5, OverdueFeedback: 2, SatisfactionSum: 430, SatisfactionCount: 100,
			OwnedAtStart: 240, Lost: 3, Deals: 40, DealCents: 987_654_321, CollectedCents: 55_000_000,
		}
		t.People = append(t.People, Person{StaffID: int64(i + 1), Name: names[i%len(names)] + strings.Repeat("＊", i/len(names)),
			Role: access.Sales, Cur: f, Prev: f})
		t.Cur.add(f)
		t.Prev.add(f)
	}
	t.Cur.MedianResolveHours, t.Prev.MedianResolveHours = 30.5, 28
	return Report{TeamID: 1, Period: may2026, Previous: Previous(may2026), AsOf: sh(2026, 6, 1, 0, 0, 0),
		Teams: []Team{t}, Cur: t.Cur, Prev: t.Prev}
}

// checkMessages checks each message is within Telegram's limit, its <pre>
// blocks are closed and their lines fit a phone.
func checkMessages(t *testing.T, msgs []string) {
	t.Helper()
	for i, m := range msgs {
		if n := utf8.RuneCountInString(m); n > TextLimit || n == 0 {
			t.Errorf("message %d has %d characters", i+1, n)
		}
		if o, c := strings.Count(m, "<pre>"), strings.Count(m, "</pre>"); o != c {
			t.Errorf("message %d opens %d <pre> and closes %d", i+1, o, c)
		}
		rest := m
		for {
			_, after, ok := strings.Cut(rest, "<pre>")
			if !ok {
				break
			}
			block, tail, _ := strings.Cut(after, "</pre>")
			for _, ln := range strings.Split(block, "\n") {
				if w := cells(html.UnescapeString(ln)); w > phoneCells {
					t.Errorf("message %d: line %q is %d cells wide", i+1, ln, w)
				}
			}
			rest = tail
		}
	}
}

func TestFifteenSalespeopleFitOneMessageAPhoneCanRead(t *testing.T) {
	t.Parallel()
	r := bigTeam(15)
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		msgs := Text(r, l)
		if len(msgs) != 1 {
			t.Errorf("%s: %d messages, want 1", l, len(msgs))
		}
		checkMessages(t, msgs)
		text := strings.Join(msgs, "\n")
		for _, p := range r.Teams[0].People {
			if !strings.Contains(text, html.EscapeString(clip(p.Name, nameCells))) {
				t.Errorf("%s: %s is missing", l, p.Name)
			}
		}
	}
	zh := Text(r, i18n.ZH)[0]
	for _, want := range []string{"华东大区销售一部", "2026年5月1日–5月31日", "对比上期：2026年4月1日–4月30日",
		"成交金额（元）：148,148,148（上期 148,148,148，持平）", "987.7万", "欧阳建国", "Alexand…",
		"处理时长中位数（小时）：30.5（上期 28.0，+2.5）"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh text lacks %q:\n%s", want, zh)
		}
	}
	if strings.Contains(zh, "统计截至") {
		t.Error("a period over says it is under way")
	}
}

func TestALargeTeamIsSplitBetweenTablesIntoCompleteMessages(t *testing.T) {
	t.Parallel()
	r := bigTeam(120)
	msgs := Text(r, i18n.ZH)
	if len(msgs) < 2 {
		t.Fatalf("%d messages for 120 people", len(msgs))
	}
	checkMessages(t, msgs)
	// Each of the four tables lists everyone once, and its total once: the
	// lines of the <pre> blocks less a head per block and a rule and a
	// total per table.
	lines, heads := 0, 0
	for _, m := range msgs {
		for _, block := range strings.Split(m, "<pre>")[1:] {
			block, _, _ = strings.Cut(block, "</pre>")
			lines += strings.Count(block, "\n") + 1
			heads++
		}
	}
	if rows := lines - heads - 2*4; rows != 4*120 {
		t.Errorf("%d rows in %d blocks, want %d", rows, heads, 4*120)
	}
}

// TestTheTextOfAHandBuiltTeam reads the figures of newLedger in both
// languages, with the change against April.
func TestTheTextOfAHandBuiltTeam(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	r := g.build(t, g.teamA, may2026)
	zh := strings.Join(Text(r, i18n.ZH), "\n")
	for _, want := range []string{
		"📋 <b>销售考核 · 华东销售部</b>",
		"拜访次数：7（上期 2，+5）",
		"客户覆盖率：75.0%（上期 25.0%，+50.0个百分点）",
		"跟进及时率：40.0%（上期 100.0%，-60.0个百分点）",
		"平均满意度：3.7（上期 3.0，+0.7）",
		"流失客户：1（上期 1，持平）",
		"成交金额（元）：20,501（上期 3,000，+17,501）",
		"   4    1    1    1    1 张伟",
		"   5   40%    3 24.0h    3 张伟",
		"   3   67%    1    0    0% 张伟",
		"–",
	} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh text lacks %q:\n%s", want, zh)
		}
	}
	en := strings.Join(Text(r, i18n.EN), "\n")
	for _, want := range []string{"Sales review · 华东销售部", "Visits: 7 (previous 2, +5)",
		"Coverage: 75.0% (previous 25.0%, +50.0 pts)", "Compared with 2026-04-01 – 2026-04-30"} {
		if !strings.Contains(en, want) {
			t.Errorf("en text lacks %q:\n%s", want, en)
		}
	}
	checkMessages(t, Text(r, i18n.ZH))

	all := Text(g.build(t, 0, may2026), i18n.ZH)
	checkMessages(t, all)
	text := strings.Join(all, "\n")
	for _, want := range []string{"销售考核 · 全部团队", "<b>全部团队合计</b>", "🏷 <b>华南销售部</b>", "拜访次数：8（上期 2，+6）"} {
		if !strings.Contains(text, want) {
			t.Errorf("every team's text lacks %q:\n%s", want, text)
		}
	}
}

func TestAPeriodUnderWaySaysWhenItsFiguresStop(t *testing.T) {
	t.Parallel()
	r := bigTeam(2)
	r.AsOf = sh(2026, 5, 20, 15, 30, 0)
	if zh := Text(r, i18n.ZH)[0]; !strings.Contains(zh, "统计截至 2026年5月20日 15:30") {
		t.Errorf("zh text: %s", zh)
	}
	r.Teams[0].People = nil
	if zh := Text(r, i18n.ZH)[0]; !strings.Contains(zh, "（团队暂无销售人员）") {
		t.Errorf("a team without salespeople: %s", zh)
	}
}

func TestFiguresAreWrittenShortForTablesAndInFullForLines(t *testing.T) {
	t.Parallel()
	cases := []struct {
		l    i18n.Lang
		m    measure
		f    Figures
		want string
	}{
		{i18n.ZH, mDealAmount, Figures{DealCents: 950_000}, "9500"},
		{i18n.ZH, mDealAmount, Figures{DealCents: 1_260_000}, "1.3万"},
		{i18n.ZH, mDealAmount, Figures{DealCents: 1_000_000}, "1万"},
		{i18n.ZH, mDealAmount, Figures{DealCents: 12_345_678_900}, "1.23亿"},
		{i18n.EN, mDealAmount, Figures{DealCents: 1_250_000}, "12.5k"},
		{i18n.EN, mDealAmount, Figures{DealCents: 250_000_000}, "2.5M"},
		{i18n.ZH, mCoverage, Figures{Visited: 1, Owned: 3}, "33%"},
		{i18n.ZH, mCoverage, Figures{}, none},
		{i18n.ZH, mMedian, Figures{Resolved: 1, MedianResolveHours: 6.26}, "6.3h"},
		{i18n.ZH, mMedian, Figures{Resolved: 1, MedianResolveHours: 60}, "2.5d"},
		{i18n.ZH, mSatisfaction, Figures{SatisfactionSum: 9, SatisfactionCount: 2}, "4.5"},
	}
	for _, c := range cases {
		if got := short(c.l, c.m, c.f); got != c.want {
			t.Errorf("short(%s, %s, %+v) = %q, want %q", c.l, c.m.name.EN, c.f, got, c.want)
		}
	}
	if got := grouped(-1234567); got != "-1,234,567" {
		t.Errorf("grouped = %q", got)
	}
	for _, c := range []struct {
		m    measure
		d    float64
		want string
	}{{mVisits, 3, "+3"}, {mVisits, -2, "-2"}, {mVisits, 0, "持平"}, {mCoverage, 0.0004, "持平"},
		{mCoverage, -0.125, "-12.5个百分点"}, {mDealAmount, 1234.4, "+1,234"}} {
		if got := delta(i18n.ZH, c.m, c.d); got != c.want {
			t.Errorf("delta(%s, %v) = %q, want %q", c.m.name.EN, c.d, got, c.want)
		}
	}
	if got := fmt.Sprint(cells("张伟 A"), " ", clip("Alexander Smith", 8), " ", clip("欧阳建国伟", 8)); got != "6 Alexand… 欧阳建…" {
		t.Errorf("cells and clip: %q", got)
	}
}
