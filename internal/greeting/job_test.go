package greeting

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRunOnLunarNewYearGreetsTheRightPeople(t *testing.T) {
	t.Parallel()
	b := setup(t)
	huawei := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	zhang := b.contact(t, huawei, contact{name: "张伟", position: "采购经理", chat: 9001, lang: "zh", optIn: true})
	li := b.contact(t, huawei, contact{name: "李娜", position: "财务总监"})
	acme := b.client(t, "Acme & Sons <Ltd>", b.east, b.salesEN.StaffID, "key", "new")
	john := b.contact(t, acme, contact{name: "John Smith", position: "CEO", chat: 9002, lang: "en", optIn: true})
	// Opted in by the salesperson but never opened a link: no chat to send to.
	mary := b.contact(t, acme, contact{name: "Mary", optIn: true})
	normal := b.client(t, "普通贸易", b.east, b.salesZH.StaffID, "normal", "active")
	b.contact(t, normal, contact{name: "普通联系人", chat: 9003, lang: "zh", optIn: true})
	churned := b.client(t, "流失集团", b.east, b.salesZH.StaffID, "strategic", "churned")
	b.contact(t, churned, contact{name: "流失联系人"})
	orphan := b.client(t, "无主公司", b.east, 0, "strategic", "sleeping")
	wang := b.contact(t, orphan, contact{name: "王强", position: "总经理"})
	gone := b.staff(t, "离职销售", "sales", b.east, "zh", false)
	left := b.client(t, "离职客户", b.east, gone.StaffID, "key", "active")
	zhao := b.contact(t, left, contact{name: "赵六"})
	west := b.client(t, "西部公司", b.west, 0, "key", "active")
	b.contact(t, west, contact{name: "West Contact", position: "Buyer"})

	n := b.run(t, at("2027-02-06", 9, 0))
	got := b.outbox(t)
	want := []string{
		fmt.Sprintf("greeting:2027-02-06:contact:%d", zhang),
		fmt.Sprintf("greeting:2027-02-06:contact:%d", john),
		fmt.Sprintf("greeting:2027-02-06:staff:%d", b.salesZH.StaffID),
		fmt.Sprintf("greeting:2027-02-06:staff:%d", b.salesEN.StaffID),
		fmt.Sprintf("greeting:2027-02-06:staff:%d", b.mgrEN.StaffID),
		fmt.Sprintf("greeting:2027-02-06:staff:%d", b.mgrZH.StaffID),
		fmt.Sprintf("greeting:2027-02-06:staff:%d", b.mgrWest.StaffID),
	}
	if n != len(want) || len(got) != len(want) {
		t.Fatalf("Run enqueued %d, outbox holds:\n%s\nwant %d messages", n, keys(got), len(want))
	}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Fatalf("no message %s; outbox:\n%s", k, keys(got))
		}
	}

	d := got[want[0]]
	if d.ChatID != 9001 || d.ContactID != zhang || d.StaffID != 0 || d.Kind != KindDirect {
		t.Errorf("张伟's greeting: %+v", d)
	}
	has(t, d.Text, "张伟您好", "新春", "华为技术", "王销售", "/stop")
	hasNot(t, d.Text, "Spring Festival")

	d = got[want[1]]
	if d.ChatID != 9002 || d.ContactID != john || d.Kind != KindDirect {
		t.Errorf("John's greeting: %+v", d)
	}
	has(t, d.Text, "Dear John Smith", "Spring Festival", "Acme &amp; Sons &lt;Ltd&gt;", "Sam Sales", "/stop")
	hasNot(t, d.Text, "春节", "<Ltd>")

	l := got[want[2]]
	if l.ChatID != 100+b.salesZH.StaffID || l.StaffID != b.salesZH.StaffID || l.Kind != KindList {
		t.Errorf("王销售's list: %+v", l)
	}
	has(t, l.Text, "今日问候", "2027-02-06", "春节", "<b>华为技术</b> · 李娜（财务总监）", "<code>李娜您好", "王销售")
	hasNot(t, l.Text, "张伟", "普通", "流失", "无主")
	_ = li

	l = got[want[3]]
	has(t, l.Text, "Greetings for today", "Spring Festival", "<b>Acme &amp; Sons &lt;Ltd&gt;</b> · Mary", "<code>Dear Mary")
	hasNot(t, l.Text, "John")
	_ = mary

	// No active owner: each of the team's active managers, in their own
	// language, signing with their own name.
	l = got[want[4]]
	has(t, l.Text, "无主公司", "王强 (总经理)", "Dear 王强", "Mia Manager", "离职客户", "赵六")
	l = got[want[5]]
	has(t, l.Text, "无主公司", "王强（总经理）", "王强您好", "张经理", "赵六")
	hasNot(t, l.Text, "West Contact")
	l = got[want[6]]
	has(t, l.Text, "西部公司", "West Contact")
	hasNot(t, l.Text, "王强")
	_, _ = wang, zhao
}

func TestRunTwiceEnqueuesNothingNew(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	b.contact(t, c, contact{name: "张伟", chat: 9001, lang: "zh", optIn: true})
	b.contact(t, c, contact{name: "李娜"})
	if n := b.run(t, at("2027-02-06", 9, 0)); n != 2 {
		t.Fatalf("first run enqueued %d, want 2", n)
	}
	if n := b.run(t, at("2027-02-06", 11, 30)); n != 0 {
		t.Fatalf("second run the same day enqueued %d, want 0", n)
	}
	if got := b.outbox(t); len(got) != 2 {
		t.Fatalf("outbox holds %d messages, want 2:\n%s", len(got), keys(got))
	}
}

func TestRunFollowsTheTeamsMidnight(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	zhang := b.contact(t, c, contact{name: "张伟", chat: 9001, lang: "zh", optIn: true})
	// 23:59 on the 5th in Shanghai is not the festival; 00:00 on the 6th
	// is, although both instants fall on the 5th in UTC.
	if n := b.run(t, at("2027-02-05", 23, 59)); n != 0 {
		t.Fatalf("run at 2027-02-05 23:59 Shanghai enqueued %d, want 0", n)
	}
	if n := b.run(t, at("2027-02-06", 0, 0)); n != 1 {
		t.Fatalf("run at 2027-02-06 00:00 Shanghai enqueued %d, want 1", n)
	}
	if _, ok := b.outbox(t)[fmt.Sprintf("greeting:2027-02-06:contact:%d", zhang)]; !ok {
		t.Fatalf("no festival greeting keyed on 2027-02-06:\n%s", keys(b.outbox(t)))
	}
}

func TestRunGreetsBirthdaysOnOrdinaryDays(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "key", "active")
	full := b.contact(t, c, contact{name: "张伟", birthday: "1980-03-10", chat: 9001, lang: "en", optIn: true})
	b.contact(t, c, contact{name: "李娜", birthday: "1904-03-10"}) // year unknown
	b.contact(t, c, contact{name: "刘洋", birthday: "1985-03-11"})
	b.contact(t, c, contact{name: "陈静"})
	normal := b.client(t, "普通贸易", b.east, b.salesZH.StaffID, "normal", "active")
	b.contact(t, normal, contact{name: "普通联系人", birthday: "1990-03-10"})

	if n := b.run(t, at("2027-03-10", 9, 0)); n != 2 {
		t.Fatalf("birthday run enqueued %d, want 2:\n%s", n, keys(b.outbox(t)))
	}
	got := b.outbox(t)
	d := got[fmt.Sprintf("greeting:2027-03-10:contact:%d", full)]
	has(t, d.Text, "Dear 张伟", "happy birthday", "王销售")
	l := got[fmt.Sprintf("greeting:2027-03-10:staff:%d", b.salesZH.StaffID)]
	has(t, l.Text, "生日", "李娜 🎂", "李娜您好！今天是您的生日")
	hasNot(t, l.Text, "刘洋", "陈静", "普通", "张伟")
}

func TestRunGreetsFeb29BirthdaysOnFeb28InCommonYears(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	leapling := b.contact(t, c, contact{name: "闰年生", birthday: "1904-02-29", chat: 9001, lang: "zh", optIn: true})
	b.contact(t, c, contact{name: "二八生", birthday: "1990-02-28", chat: 9002, lang: "zh", optIn: true})

	b.run(t, at("2027-02-28", 9, 0))
	got := b.outbox(t)
	if len(got) != 2 {
		t.Fatalf("2027-02-28: %d messages, want both birthdays:\n%s", len(got), keys(got))
	}
	has(t, got[fmt.Sprintf("greeting:2027-02-28:contact:%d", leapling)].Text, "闰年生您好！今天是您的生日")

	b.run(t, at("2028-02-28", 9, 0))
	if _, ok := b.outbox(t)[fmt.Sprintf("greeting:2028-02-28:contact:%d", leapling)]; ok {
		t.Fatal("a Feb 29 birthday was greeted on Feb 28 of a leap year")
	}
	b.run(t, at("2028-02-29", 9, 0))
	if _, ok := b.outbox(t)[fmt.Sprintf("greeting:2028-02-29:contact:%d", leapling)]; !ok {
		t.Fatalf("no greeting on 2028-02-29:\n%s", keys(b.outbox(t)))
	}
}

func TestRunSendsOneMessageWhenAHolidayAndABirthdayCoincide(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	zhang := b.contact(t, c, contact{name: "张伟", birthday: "1975-02-06", chat: 9001, lang: "zh", optIn: true})
	b.contact(t, c, contact{name: "李娜", birthday: "1975-02-06"})
	if n := b.run(t, at("2027-02-06", 9, 0)); n != 2 {
		t.Fatalf("enqueued %d, want one greeting and one list:\n%s", n, keys(b.outbox(t)))
	}
	got := b.outbox(t)
	d := got[fmt.Sprintf("greeting:2027-02-06:contact:%d", zhang)].Text
	has(t, d, "新春", "今天是您的生日")
	l := got[fmt.Sprintf("greeting:2027-02-06:staff:%d", b.salesZH.StaffID)].Text
	has(t, l, "春节、生日", "李娜 🎂")
	if strings.Count(l, "<code>") != 1 {
		t.Errorf("李娜 listed %d times, want once:\n%s", strings.Count(l, "<code>"), l)
	}
}

func TestRunGreetsOnACustomDateWithItsName(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if _, err := b.store.AddCustom(b.ctx, b.admin, "公司周年庆 / Company Anniversary", "03-18"); err != nil {
		t.Fatal(err)
	}
	c := b.client(t, "华为技术", b.east, b.salesEN.StaffID, "strategic", "active")
	zh := b.contact(t, c, contact{name: "张伟", chat: 9001, lang: "zh", optIn: true})
	en := b.contact(t, c, contact{name: "John", chat: 9002, lang: "en", optIn: true})
	b.contact(t, c, contact{name: "李娜"})

	if n := b.run(t, at("2028-03-18", 9, 0)); n != 3 {
		t.Fatalf("custom date run enqueued %d, want 3:\n%s", n, keys(b.outbox(t)))
	}
	got := b.outbox(t)
	has(t, got[fmt.Sprintf("greeting:2028-03-18:contact:%d", zh)].Text, "值此公司周年庆之际", "Sam Sales")
	has(t, got[fmt.Sprintf("greeting:2028-03-18:contact:%d", en)].Text, "on the occasion of Company Anniversary")
	// The salesperson reads English; the contact's language is unknown, so
	// the text to forward is in English too.
	has(t, got[fmt.Sprintf("greeting:2028-03-18:staff:%d", b.salesEN.StaffID)].Text, "Company Anniversary", "Dear 李娜")
	if n := b.run(t, at("2028-03-19", 9, 0)); n != 0 {
		t.Fatalf("the day after enqueued %d", n)
	}
}

func TestRunUsesTheAdminsTemplate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if err := b.store.SetTemplate(b.ctx, b.admin, "spring_festival", "zh", "{contact}：{holiday}好！<{client}> 敬上 {sender}"); err != nil {
		t.Fatal(err)
	}
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	zhang := b.contact(t, c, contact{name: "张伟", chat: 9001, lang: "zh", optIn: true})
	john := b.contact(t, c, contact{name: "John", chat: 9002, lang: "en", optIn: true})
	b.run(t, at("2027-02-06", 9, 0))
	got := b.outbox(t)
	has(t, got[fmt.Sprintf("greeting:2027-02-06:contact:%d", zhang)].Text, "张伟：春节好！&lt;华为技术&gt; 敬上 王销售")
	has(t, got[fmt.Sprintf("greeting:2027-02-06:contact:%d", john)].Text, "Dear John, happy Spring Festival!")
}

func TestRunSplitsALongListIntoParts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for i := range 12 {
		c := b.client(t, fmt.Sprintf("客户%02d%s", i, strings.Repeat("长", 150)), b.east, b.salesZH.StaffID, "key", "active")
		b.contact(t, c, contact{name: fmt.Sprintf("联系人%02d%s", i, strings.Repeat("名", 80))})
	}
	n := b.run(t, at("2027-10-01", 9, 0))
	got := b.outbox(t)
	if n < 2 || len(got) != n {
		t.Fatalf("enqueued %d:\n%s", n, keys(got))
	}
	base := fmt.Sprintf("greeting:2027-10-01:staff:%d", b.salesZH.StaffID)
	all := ""
	for i := 1; i <= n; i++ {
		k := base
		if i > 1 {
			k += fmt.Sprintf(":part:%d", i)
		}
		r, ok := got[k]
		if !ok {
			t.Fatalf("no part %s:\n%s", k, keys(got))
		}
		if utf8.RuneCountInString(r.Text) > 4096 {
			t.Errorf("part %d is %d characters", i, utf8.RuneCountInString(r.Text))
		}
		has(t, r.Text, fmt.Sprintf("(%d/%d)", i, n), "国庆节")
		all += r.Text
	}
	for i := range 12 {
		if strings.Count(all, fmt.Sprintf("联系人%02d", i)) != 2 { // the heading and the text
			t.Errorf("contact %02d appears %d times across the parts", i, strings.Count(all, fmt.Sprintf("联系人%02d", i)))
		}
	}
}
