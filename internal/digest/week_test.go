package digest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York for the daylight-saving week
)

func TestWeekCountsVisitsByMidnightInTheTeamZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	team := b.team(t, "A")
	s := b.person(t, "sales", team, "王芳", "zh", true)
	c := b.client(t, team, s, "华东机械", "key", sh(2027, 1, 1, 0, 0, 0))
	b.visit(t, c, s, sh(2027, 2, 28, 23, 59, 59)) // Sunday before: out
	b.visit(t, c, s, sh(2027, 3, 1, 0, 0, 0))     // Monday 00:00: in
	b.visit(t, c, s, sh(2027, 3, 7, 23, 59, 0))   // Sunday 23:59: in
	b.visit(t, c, s, sh(2027, 3, 8, 0, 0, 0))     // next Monday 00:00: out
	// 2027-03-07 16:00 UTC is already Monday 00:00 in Shanghai.
	b.visit(t, c, s, time.Date(2027, 3, 7, 16, 0, 0, 0, time.UTC))

	for _, from := range []time.Time{sh(2027, 3, 1, 0, 0, 0), sh(2027, 3, 4, 15, 0, 0), sh(2027, 3, 7, 23, 59, 59)} {
		w, err := b.digest.Week(b.ctx, team, from)
		if err != nil {
			t.Fatal(err)
		}
		if !w.From.Equal(sh(2027, 3, 1, 0, 0, 0)) || !w.To.Equal(sh(2027, 3, 8, 0, 0, 0)) {
			t.Errorf("Week(%v) covers %v..%v, want Monday 3/1..3/8 00:00 Shanghai", from, w.From, w.To)
		}
		if len(w.Visits) != 1 || w.Visits[0].Visits != 2 || w.Visits[0].Name != "王芳" {
			t.Errorf("Week(%v).Visits = %+v, want 王芳 with 2", from, w.Visits)
		}
	}
}

func TestWeekOfUnknownTeam(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if _, err := b.digest.Week(b.ctx, 999, sh(2027, 3, 1, 0, 0, 0)); !errors.Is(err, ErrNoTeam) {
		t.Errorf("Week(unknown team) = %v, want ErrNoTeam", err)
	}
}

func TestWeekListsAtMost15AtRiskClientsStrategicFirst(t *testing.T) {
	t.Parallel()
	b := setup(t)
	team := b.team(t, "A")
	s := b.person(t, "sales", team, "王芳", "zh", true)
	for i := range 17 {
		c := b.client(t, team, s, fmt.Sprintf("客户%02d", i), "normal", sh(2027, 1, 1, 0, 0, 0))
		b.episode(t, c, team, date(2027, 2, 1).AddDate(0, 0, i), time.Time{}, `[{"code":"no_contact","days":91,"limit":90}]`)
	}
	big := b.client(t, team, s, "战略 <大> & 客户", "strategic", sh(2027, 1, 1, 0, 0, 0))
	b.episode(t, big, team, date(2027, 3, 5), time.Time{}, `[]`)
	odd := b.client(t, team, s, "重点客户", "key", sh(2027, 1, 1, 0, 0, 0))
	b.episode(t, odd, team, date(2027, 3, 5), time.Time{}, `[{"code":"<new>"}, {"code":"no_contact"}]`)

	w, err := b.digest.Week(b.ctx, team, sh(2027, 3, 1, 0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if w.AtRiskTotal != 19 || len(w.AtRisk) != MaxAtRisk {
		t.Fatalf("at risk %d listed of %d, want %d of 19", len(w.AtRisk), w.AtRiskTotal, MaxAtRisk)
	}
	if w.AtRisk[0].ClientName != "战略 <大> & 客户" || w.AtRisk[1].ClientName != "重点客户" || w.AtRisk[2].ClientName != "客户00" {
		t.Errorf("order %s, %s, %s; want strategic, key, then the oldest normal", w.AtRisk[0].ClientName, w.AtRisk[1].ClientName, w.AtRisk[2].ClientName)
	}
	zh := Text(w, "zh")
	for _, want := range []string{"⚠️ <b>流失预警</b>（19）\n• <b>战略 &lt;大&gt; &amp; 客户</b>\n• <b>重点客户</b> — &lt;new&gt;\n• <b>客户00</b> — 已 91 天未联系（上限 90 天）\n",
		"• <b>客户12</b> — 已 91 天未联系（上限 90 天）\n……另有 4 个客户"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh text lacks %q:\n%s", want, zh)
		}
	}
	if en := Text(w, "en"); !strings.HasSuffix(en, "• <b>客户12</b> — no contact for 91 days (limit 90)\n… and 4 more") {
		t.Errorf("en text ends:\n%s", en)
	}
}

func TestWeekBoundsFollowTheCalendarAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Clocks go forward on Sunday 2027-03-14: that week has 167 hours.
	at := time.Date(2027, 3, 15, 9, 0, 0, 0, ny)
	from := PreviousWeek(at, ny)
	if want := time.Date(2027, 3, 8, 0, 0, 0, 0, ny); !from.Equal(want) {
		t.Errorf("PreviousWeek(%v) = %v, want %v", at, from, want)
	}
	if got := WeekStart(at, ny); !got.Equal(time.Date(2027, 3, 15, 0, 0, 0, 0, ny)) {
		t.Errorf("WeekStart(%v) = %v, want Monday 3/15 00:00", at, got)
	}
}

func TestTextEscapesNamesAndHandlesEmptyWeek(t *testing.T) {
	t.Parallel()
	w := Week{TeamName: "A&B <team>", From: sh(2027, 12, 27, 0, 0, 0), To: sh(2028, 1, 3, 0, 0, 0),
		Visits: []Person{{StaffID: 7, Name: "<Tom>", Visits: 1}, {StaffID: 8, Name: " "}}}
	for lang, want := range map[string]string{
		"zh": "📊 <b>每周简报 · A&amp;B &lt;team&gt;</b>\n2027年12月27日–2028年1月2日\n\n<b>拜访</b>（共 1 次）\n• &lt;Tom&gt;：1\n• #8：0\n\n" +
			"<b>新增客户</b>：0\n<b>客户意见反馈</b>：新登记 0 · 已解决 0 · 逾期未解决 0\n\n⚠️ <b>流失预警</b>（0）\n暂无流失预警客户",
		"en": "📊 <b>Weekly digest · A&amp;B &lt;team&gt;</b>\n2027-12-27 – 2028-01-02\n\n<b>Visits</b> (1 in all)\n• &lt;Tom&gt;: 1\n• #8: 0\n\n" +
			"<b>New clients</b>: 0\n<b>Feedback</b>: opened 0 · resolved 0 · overdue 0\n\n⚠️ <b>At risk</b> (0)\nNo clients at risk",
	} {
		if got := Text(w, lang); got != want {
			t.Errorf("Text(%s):\n%s\nwant:\n%s", lang, got, want)
		}
	}
}
