package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// addContact inserts a contact for a client straight into the ledger.
func (h *harness) addContact(clientID int64, name string) int64 {
	h.t.Helper()
	var id int64
	if err := h.pool.QueryRow(context.Background(), `INSERT INTO contacts (client_id, name, created_at, updated_at)
		VALUES ($1, $2, now(), now()) RETURNING id`, clientID, name).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return id
}

var reGreetingLink = regexp.MustCompile(`https://t\.me/ledger_test_bot\?start=(g_[a-z2-7]{20})`)

func TestContactSubscribesThroughGreetingLinkAndStops(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	sales := h.join("Alice", access.Sales, east, "en")
	mate := h.join("Bob", access.Sales, east, "en")
	card := h.createClient(sales, "Acme Trading")
	cid := clientID(t, card)
	zhang := h.addContact(cid, "张伟")

	m := h.press(sales, card, "Contacts")
	m = h.press(sales, m, "Greeting link · 张伟")
	msgs := h.tg.Messages(sales.ID)
	mustContain(t, msgs[len(msgs)-2].Text, "Greeting link created", "single use", "Forward the next message")
	mustContain(t, m.Text, "您好！点击下面的链接", "Hello! Open the link below")
	found := reGreetingLink.FindStringSubmatch(m.Text)
	if found == nil {
		t.Fatalf("no deep link in:\n%s", m.Text)
	}
	start := found[1]

	contact := telegramtest.User{ID: 8801, FirstName: "伟", LanguageCode: "zh-hans"}
	m = h.say(contact, "/start "+start)
	mustContain(t, m.Text, "张伟您好，订阅成功", "Acme Trading", "/stop")
	if n := h.count(`SELECT count(*) FROM contacts WHERE id = $1 AND chat_id = $2 AND lang = 'zh' AND greeting_opt_in AND opted_in_at IS NOT NULL`,
		zhang, contact.ID); n != 1 {
		t.Fatal("the contact is not subscribed after opening the link")
	}
	mustContain(t, h.say(contact, "你好").Text, "您已订阅")
	mustNotContain(t, h.say(contact, "acme").Text, "Acme Trading", "邀请码")

	other := telegramtest.User{ID: 8802, FirstName: "Eve", LanguageCode: "en"}
	mustContain(t, h.say(other, "/start "+start).Text, "already been used")
	mustContain(t, h.say(other, "/start g_nosuchcodeatallxxxxx").Text, "not valid")
	// A member opening a contact's link is told to forward it instead.
	mustContain(t, h.say(mate, "/start "+start).Text, "forward it")

	mustContain(t, h.say(contact, "/stop").Text, "已退订")
	if n := h.count(`SELECT count(*) FROM contacts WHERE id = $1 AND NOT greeting_opt_in AND chat_id IS NULL`, zhang); n != 1 {
		t.Fatal("the contact is still subscribed after /stop")
	}
	mustContain(t, h.say(contact, "/stop").Text, "没有订阅")
	mustContain(t, h.say(contact, "你好").Text, "邀请码") // a stranger again
}

func TestGreetingLinkOnlyForThoseWhoMayEditTheClient(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	owner := h.join("Alice", access.Sales, east, "en")
	mate := h.join("Bob", access.Sales, east, "en")
	card := h.createClient(owner, "Acme Trading")
	cid := clientID(t, card)
	ct := h.addContact(cid, "Zhang Wei")

	m := h.say(mate, "/client Acme")
	if hasButton(m, "Contacts") {
		m = h.press(mate, m, "Contacts")
	} else {
		m = h.press(mate, h.press(mate, m, "Acme"), "Contacts")
	}
	mustContain(t, m.Text, "Zhang Wei")
	if hasButton(m, "Greeting link") {
		t.Fatal("a teammate who does not own the client sees the greeting link button")
	}
	h.pressData(mate, m.ID, fmt.Sprintf("gl:%d", ct))
	mustContain(t, h.lastAnswer(), "Only the client's owner or a manager")
	h.pressData(mate, m.ID, "gl:999999")
	mustContain(t, h.lastAnswer(), "does not exist")
	h.pressData(mate, m.ID, "gl:abc")
	mustContain(t, h.lastAnswer(), "not valid")
	if n := h.count(`SELECT count(*) FROM contact_invites`); n != 0 {
		t.Fatalf("%d links created by forged buttons", n)
	}
}

func TestAdminEditsAndResetsATemplate(t *testing.T) {
	t.Parallel()
	h := setup(t)
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")
	mustContain(t, h.say(admin, "/help").Text, "/holidays", "/templates")

	m := h.say(admin, "/templates")
	mustContain(t, m.Text, "Greeting templates", "Spring Festival", "Birthday")
	m = h.press(admin, m, "Spring Festival · Chinese")
	mustContain(t, m.Text, "Spring Festival · Chinese", "default text", "<pre>{contact}您好！值此新春佳节", "Preview", "张伟您好！值此新春佳节", "Ada", "{sender}")
	if hasButton(m, "Reset") {
		t.Fatal("a default template offers a reset")
	}

	m = h.say(admin, "{contact} {name}")
	mustContain(t, m.Text, "Cannot save", "{contact} {client} {holiday} {sender}")
	m = h.say(admin, "{contact}，新春快乐！<{client}> 敬上 {sender}")
	mustContain(t, m.Text, "Saved “Spring Festival · Chinese”", "张伟，新春快乐！&lt;华为技术有限公司&gt; 敬上 Ada")
	if n := h.count(`SELECT count(*) FROM greeting_templates WHERE occasion = 'spring_festival' AND lang = 'zh' AND body = $1`,
		"{contact}，新春快乐！<{client}> 敬上 {sender}"); n != 1 {
		t.Fatal("template not stored")
	}
	// The conversation ended: more text is a search again, not a template.
	mustNotContain(t, h.say(admin, "hello").Text, "Saved")

	m = h.say(admin, "/templates")
	m = h.press(admin, m, "✏️ Spring Festival · Chinese")
	mustContain(t, m.Text, "changed", "<pre>{contact}，新春快乐！&lt;{client}&gt; 敬上 {sender}</pre>")
	m = h.press(admin, m, "Reset to default")
	mustContain(t, m.Text, "Back to the default text", "default text", "值此新春佳节")
	if n := h.count(`SELECT count(*) FROM greeting_templates`); n != 0 {
		t.Fatalf("%d templates after reset, want 0", n)
	}
}

func TestAdminAddsAndDeletesACustomDate(t *testing.T) {
	t.Parallel()
	h := setup(t) // 2026-11-23
	admin := h.join("Ada", access.Admin, staff.Team{}, "zh")
	m := h.say(admin, "/holidays")
	mustContain(t, m.Text, "未来 60 天的节日", "2027年1月1日 元旦", "自定义日期", "还没有")
	mustNotContain(t, m.Text, "2027年2月6日") // 春节 is more than 60 days away
	m = h.press(admin, m, "添加自定义日期")
	mustContain(t, m.Text, "日期名称")
	m = h.say(admin, "公司周年庆 / Company Anniversary")
	mustContain(t, m.Text, "日期？")
	m = h.say(admin, "02-30")
	mustContain(t, m.Text, "没看懂这个日期")
	m = h.say(admin, "12-18")
	mustContain(t, m.Text, "已添加「公司周年庆 / Company Anniversary」（每年 12月18日）", "12月18日 公司周年庆（自定义）")
	if n := h.count(`SELECT count(*) FROM greeting_dates WHERE name_zh = '公司周年庆' AND name_en = 'Company Anniversary' AND month = 12 AND day = 18 AND year IS NULL`); n != 1 {
		t.Fatal("custom date not stored")
	}
	m = h.press(admin, m, "删除 公司周年庆")
	mustContain(t, m.Text, "已删除", "还没有")
	if n := h.count(`SELECT count(*) FROM greeting_dates`); n != 0 {
		t.Fatalf("%d custom dates after delete", n)
	}
	// A stale delete button changes nothing.
	h.pressData(admin, m.ID, "gd:1")
	mustContain(t, h.lastAnswer(), "已删除或不存在")
}

func TestNonAdminIsRefusedGreetingSettingsAndForgedButtonsAreHarmless(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")
	mgr := h.join("Maria", access.Manager, east, "en")
	m := h.say(admin, "/holidays")
	h.press(admin, m, "Add a custom date")
	h.say(admin, "Anniversary")
	h.say(admin, "12-18")

	mustContain(t, h.say(mgr, "/holidays").Text, "Only admins")
	m = h.say(mgr, "/templates")
	mustContain(t, m.Text, "Only admins")
	for _, data := range []string{"ga", "gd:1", "gt:1", "gr:1"} {
		h.pressData(mgr, m.ID, data)
		mustContain(t, h.lastAnswer(), "Only admins")
	}
	if n := h.count(`SELECT count(*) FROM greeting_dates`); n != 1 {
		t.Fatalf("%d custom dates after a manager's forged delete, want 1", n)
	}
	// The manager typing text afterwards starts no template conversation.
	mustNotContain(t, h.say(mgr, "{contact} hi").Text, "Saved")
	if n := h.count(`SELECT count(*) FROM greeting_templates`); n != 0 {
		t.Fatalf("%d templates after a manager's forged buttons", n)
	}
	// An admin's out-of-range or garbled template buttons are refused too.
	m = h.say(admin, "/templates")
	for _, data := range []string{"gt:99", "gt:0", "gt:-1", "gt:x", "gr:99"} {
		h.pressData(admin, m.ID, data)
		mustContain(t, h.lastAnswer(), "not valid")
	}
	if strings.Contains(h.last(admin).Text, "Preview") {
		t.Fatal("a forged template button opened a template")
	}
}
