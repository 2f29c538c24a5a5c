package digest

import (
	"bytes"
	"image/png"
	"testing"
	"time"
)

// world is the scenario of TestRunSendsEachManagerTextAndChart.
type world struct {
	teamA, managerZh, managerEn, wang, tom, zhao int64
	teamB, managerB                              int64
	loneSales, idleManager                       int64
}

// build fills the week of Monday 2027-03-01 in Shanghai: team A with two
// managers (zh, en), three salespeople (one without visits) and an inactive
// one, new clients, feedback of every fate and churn episodes; team B with
// its own figures; team C without a manager; team D whose only manager is
// inactive.
func build(t *testing.T, b *bundle) world {
	var w world
	w.teamA = b.team(t, "华东一部")
	w.managerZh = b.person(t, "manager", w.teamA, "陈静", "zh", true)
	w.managerEn = b.person(t, "manager", w.teamA, "Grace Wu", "en", true)
	w.wang = b.person(t, "sales", w.teamA, "王小明", "zh", true)
	w.tom = b.person(t, "sales", w.teamA, "Tom Lee", "en", true)
	w.zhao = b.person(t, "sales", w.teamA, "赵六", "zh", true)
	gone := b.person(t, "sales", w.teamA, "离职员工", "zh", false)

	old := sh(2027, 1, 5, 10, 0, 0)
	machines := b.client(t, w.teamA, w.wang, "华东机械", "key", old)
	ocean := b.client(t, w.teamA, w.tom, "远洋集团", "strategic", old)
	settled := b.client(t, w.teamA, w.tom, "旧客户", "normal", old)

	// Visits: the week is [Mon 3/1 00:00, Mon 3/8 00:00) in Shanghai.
	b.visit(t, machines, w.wang, sh(2027, 3, 1, 0, 0, 0))
	b.visit(t, machines, w.wang, sh(2027, 3, 3, 10, 0, 0))
	b.visit(t, machines, w.wang, sh(2027, 3, 7, 23, 59, 0))
	b.visit(t, machines, w.wang, sh(2027, 3, 8, 0, 0, 0))     // next week
	b.visit(t, machines, w.wang, sh(2027, 2, 28, 23, 59, 59)) // last week
	b.visit(t, ocean, w.tom, sh(2027, 3, 2, 15, 0, 0))
	b.visit(t, ocean, w.tom, sh(2027, 3, 5, 9, 30, 0))
	b.visit(t, ocean, w.managerZh, sh(2027, 3, 4, 14, 0, 0))
	b.visit(t, ocean, gone, sh(2027, 3, 4, 14, 0, 0)) // inactive: not listed

	// New clients: two in the week, one just after it.
	b.client(t, w.teamA, w.wang, "新客户甲", "normal", sh(2027, 3, 1, 0, 0, 0))
	b.client(t, w.teamA, w.tom, "Acme", "normal", sh(2027, 3, 7, 23, 59, 59))
	b.client(t, w.teamA, w.tom, "Later", "normal", sh(2027, 3, 8, 0, 0, 0))

	// Feedback: opened f1 f2 f3; resolved f1 f5; overdue at the week's end
	// f2 (due Fri), f4 (long overdue), f7 (due Sunday), f9 (resolved only
	// after the week).
	none := time.Time{}
	b.feedback(t, machines, w.wang, sh(2027, 3, 2, 9, 0, 0), date(2027, 3, 10), sh(2027, 3, 4, 9, 0, 0)) // f1
	b.feedback(t, machines, w.wang, sh(2027, 3, 3, 9, 0, 0), date(2027, 3, 5), none)                     // f2
	b.feedback(t, machines, w.wang, sh(2027, 3, 6, 9, 0, 0), date(2027, 3, 15), none)                    // f3
	b.feedback(t, machines, w.wang, sh(2027, 2, 10, 9, 0, 0), date(2027, 2, 20), none)                   // f4
	b.feedback(t, machines, w.wang, sh(2027, 2, 10, 9, 0, 0), date(2027, 2, 25), sh(2027, 3, 3, 9, 0, 0))
	b.feedback(t, machines, w.wang, sh(2027, 2, 10, 9, 0, 0), date(2027, 2, 15), sh(2027, 2, 20, 9, 0, 0))
	b.feedback(t, machines, w.wang, sh(2027, 2, 25, 9, 0, 0), date(2027, 3, 7), none) // f7
	b.feedback(t, machines, w.wang, sh(2027, 2, 25, 9, 0, 0), date(2027, 3, 8), none)
	b.feedback(t, machines, w.wang, sh(2027, 2, 25, 9, 0, 0), date(2027, 3, 3), sh(2027, 3, 9, 9, 0, 0)) // f9
	b.feedback(t, machines, w.wang, sh(2027, 3, 9, 9, 0, 0), date(2027, 3, 1), none)                     // after the week

	// Churn: two open episodes (the strategic client first), one ended.
	b.episode(t, machines, w.teamA, date(2027, 3, 2), none, `[{"code":"no_contact","days":61,"limit":60},{"code":"activity_drop","recent":1,"before":6}]`)
	b.episode(t, ocean, w.teamA, date(2027, 3, 6), none, `[{"code":"stage","from":"active","to":"sleeping"}]`)
	b.episode(t, settled, w.teamA, date(2027, 2, 1), date(2027, 3, 3), `[{"code":"no_contact","days":95,"limit":90}]`)

	// Team B: its own manager, salesperson, client, feedback and episode.
	w.teamB = b.team(t, "华北二部")
	w.managerB = b.person(t, "manager", w.teamB, "Bob", "en", true)
	li := b.person(t, "sales", w.teamB, "李雷", "zh", true)
	north := b.client(t, w.teamB, li, "北方金融", "key", sh(2027, 3, 2, 8, 0, 0))
	b.visit(t, north, li, sh(2027, 3, 4, 10, 0, 0))
	b.feedback(t, north, li, sh(2027, 3, 2, 9, 0, 0), date(2027, 3, 3), none)
	b.episode(t, north, w.teamB, date(2027, 3, 5), none, `[{"code":"overdue_complaints","count":1}]`)

	// Team C has no manager; team D's manager left.
	teamC := b.team(t, "无人管")
	w.loneSales = b.person(t, "sales", teamC, "孤独", "zh", true)
	b.visit(t, b.client(t, teamC, w.loneSales, "无人客户", "normal", old), w.loneSales, sh(2027, 3, 3, 10, 0, 0))
	teamD := b.team(t, "已解散")
	w.idleManager = b.person(t, "manager", teamD, "闲置", "zh", false)
	return w
}

const wantZh = `📊 <b>每周简报 · 华东一部</b>
2027年3月1日–3月7日

<b>拜访</b>（共 6 次）
• 王小明：3
• Tom Lee：2
• 陈静：1
• Grace Wu：0
• 赵六：0

<b>新增客户</b>：2
<b>客户意见反馈</b>：新登记 3 · 已解决 2 · 逾期未解决 4

⚠️ <b>流失预警</b>（2）
• <b>远洋集团</b> — 合作阶段：活跃客户 → 沉睡客户
• <b>华东机械</b> — 已 61 天未联系（上限 60 天）`

const wantEn = `📊 <b>Weekly digest · 华东一部</b>
2027-03-01 – 2027-03-07

<b>Visits</b> (6 in all)
• 王小明: 3
• Tom Lee: 2
• 陈静: 1
• Grace Wu: 0
• 赵六: 0

<b>New clients</b>: 2
<b>Feedback</b>: opened 3 · resolved 2 · overdue 4

⚠️ <b>At risk</b> (2)
• <b>远洋集团</b> — stage: active → sleeping
• <b>华东机械</b> — no contact for 61 days (limit 60)`

func TestRunSendsEachManagerTextAndChart(t *testing.T) {
	t.Parallel()
	b := setup(t)
	w := build(t, b)

	n, err := b.digest.Run(b.ctx, sh(2027, 3, 8, 9, 0, 0))
	if err != nil || n != 6 {
		t.Fatalf("Run = %d, %v; want 6 messages (2 per manager of A and B)", n, err)
	}
	rows := b.outboxRows(t)
	if len(rows) != 6 {
		t.Fatalf("outbox holds %d rows, want 6: %v", len(rows), keys(rows))
	}
	for _, c := range []struct {
		staff       int64
		text, photo string
		bars        int
	}{
		{w.managerZh, wantZh, "📊 各销售拜访次数 · 华东一部 · 2027年3月1日–3月7日", 5},
		{w.managerEn, wantEn, "📊 Visits per salesperson · 华东一部 · 2027-03-01 – 2027-03-07", 5},
		{w.managerB, "", "📊 Visits per salesperson · 华北二部 · 2027-03-01 – 2027-03-07", 2},
	} {
		key := "digest:2027-03-01:staff:" + itoa(c.staff)
		text, ok := rows[key]
		if !ok {
			t.Fatalf("no row %s in %v", key, keys(rows))
		}
		chart := rows[key+":chart"]
		chat := b.chatOf(t, c.staff)
		for _, r := range []sent{text, chart} {
			if r.ChatID != chat || r.Staff != c.staff || r.Kind != "digest" {
				t.Errorf("%s: chat %d staff %d kind %q; want %d %d digest", r.Key, r.ChatID, r.Staff, r.Kind, chat, c.staff)
			}
		}
		if c.text != "" && text.Text != c.text {
			t.Errorf("%s text:\n%s\nwant:\n%s", key, text.Text, c.text)
		}
		if text.Photo != nil {
			t.Errorf("%s: the text row carries a photo", key)
		}
		if chart.Text != c.photo {
			t.Errorf("%s caption %q, want %q", chart.Key, chart.Text, c.photo)
		}
		img, err := png.Decode(bytes.NewReader(chart.Photo))
		if err != nil {
			t.Fatalf("%s: photo is not a PNG: %v", chart.Key, err)
		}
		if got := countBars(img); got != c.bars {
			t.Errorf("%s: %d bars, want %d", chart.Key, got, c.bars)
		}
	}
	if got := rows["digest:2027-03-01:staff:"+itoa(w.managerB)].Text; !contains(got, "• 李雷: 1", "• Bob: 0",
		"opened 1 · resolved 0 · overdue 1", "<b>北方金融</b> — 1 complaint past due and unresolved", "<b>New clients</b>: 1") {
		t.Errorf("team B digest:\n%s", got)
	}

	// Again, and later in the same week (a catch-up): nothing new.
	for _, at := range []time.Time{sh(2027, 3, 8, 9, 0, 0), sh(2027, 3, 10, 11, 0, 0)} {
		if n, err := b.digest.Run(b.ctx, at); err != nil || n != 0 {
			t.Errorf("Run(%v) again = %d, %v; want 0, nil", at, n, err)
		}
	}
	if got := len(b.outboxRows(t)); got != 6 {
		t.Errorf("outbox holds %d rows after reruns, want 6", got)
	}
}

func TestRunSkipsTeamsWithoutActiveManager(t *testing.T) {
	t.Parallel()
	b := setup(t)
	team := b.team(t, "无人管")
	sales := b.person(t, "sales", team, "孤独", "zh", true)
	b.person(t, "manager", team, "离职经理", "en", false)
	b.visit(t, b.client(t, team, sales, "无人客户", "normal", sh(2027, 3, 2, 0, 0, 0)), sales, sh(2027, 3, 3, 10, 0, 0))

	n, err := b.digest.Run(b.ctx, sh(2027, 3, 8, 9, 0, 0))
	if err != nil || n != 0 {
		t.Fatalf("Run = %d, %v; want 0, nil", n, err)
	}
	if rows := b.outboxRows(t); len(rows) != 0 {
		t.Errorf("outbox holds %v, want nothing", keys(rows))
	}
}

func TestRunCoversTheWeekBeforeAt(t *testing.T) {
	t.Parallel()
	b := setup(t)
	team := b.team(t, "A")
	m := b.person(t, "manager", team, "M", "en", true)
	for _, c := range []struct {
		at   time.Time
		week string
	}{
		{sh(2027, 3, 8, 0, 0, 0), "2027-03-01"},    // Monday midnight: the week just ended
		{sh(2027, 3, 7, 23, 59, 59), "2027-02-22"}, // still Sunday: the week before
		{sh(2027, 3, 14, 9, 0, 0), "2027-03-01"},   // a Sunday run
	} {
		if _, err := b.digest.Run(b.ctx, c.at); err != nil {
			t.Fatal(err)
		}
		if _, ok := b.outboxRows(t)["digest:"+c.week+":staff:"+itoa(m)]; !ok {
			t.Errorf("Run(%v) did not enqueue the week of %s: %v", c.at, c.week, keys(b.outboxRows(t)))
		}
	}
}
