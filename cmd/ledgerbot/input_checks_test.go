package main

import (
	"context"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// The answers to a value refused where it is typed, in both languages.
const (
	controlEN   = "invisible control characters"
	controlZH   = "控制字符"
	noLettersEN = "needs letters or digits"
	noLettersZH = "需要包含文字或数字"
	tooLongEN   = "That is too long"
)

// Every step of /new checks its value with the client package's own rules:
// a NUL, a name of invisible characters, a phone the ledger would refuse,
// are refused at their step with the reason, and the draft goes on.
func TestNewClientRefusesBadTextAtTheStepThatReceivesIt(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	u := h.join("Alice", access.Sales, east, "en")
	zh := h.join("Wang", access.Sales, east, "zh")

	h.say(u, "/new")
	m := h.say(u, "Acme\x00 Trading")
	mustContain(t, m.Text, controlEN, "Please type a name of 1–200 characters")
	m = h.say(u, "\u200b\u200b")
	mustContain(t, m.Text, noLettersEN)
	m = h.say(u, "Acme Trading")
	mustContain(t, m.Text, "Industry?")
	m = h.say(u, "IT\x07")
	mustContain(t, m.Text, controlEN, "Tap an industry")
	m = h.say(u, "Machinery\nparts")
	mustContain(t, m.Text, "Company size?")
	m = h.press(u, m, "Skip")
	m = h.press(u, m, "key")
	m = h.press(u, m, "active")
	m = h.say(u, "Shanghai\u0085\u0091")
	mustContain(t, m.Text, controlEN, "region")
	m = h.say(u, "Shanghai")
	m = h.say(u, "\u200b\u200b")
	mustContain(t, m.Text, noLettersEN, "contact's name")
	m = h.say(u, "★, buyer")
	mustContain(t, m.Text, noLettersEN, "contact's name")
	m = h.say(u, "Zhang Wei, purchasing manager")
	mustContain(t, m.Text, "phone?")
	// The chat once took dots, which the ledger refuses: the draft died at Save.
	m = h.say(u, "138.0013.8000")
	mustContain(t, m.Text, "does not look like a phone number", "5 to 20 digits")
	m = h.say(u, "+86 (21) 6234-5678")
	mustContain(t, m.Text, "Please confirm the new client", "Machinery parts", "Zhang Wei", "+86 (21) 6234-5678")
	m = h.press(u, m, "Save")
	mustContain(t, m.Text, "Acme Trading")
	mustNotContain(t, m.Text, "Cannot save")
	var industry, phone string
	if err := h.pool.QueryRow(context.Background(), `SELECT c.industry, k.phone FROM clients c JOIN contacts k ON k.client_id = c.id`).
		Scan(&industry, &phone); err != nil {
		t.Fatal(err)
	}
	if industry != "Machinery parts" || phone != "+86 (21) 6234-5678" {
		t.Fatalf("stored industry %q phone %q", industry, phone)
	}

	// The same answers in Chinese.
	h.say(zh, "/new")
	mustContain(t, h.say(zh, "华为\x00技术").Text, controlZH, "请输入 1–200 字的客户名称")
	mustContain(t, h.say(zh, "\u200b").Text, noLettersZH)
}

func TestContactAndDealStepsUseTheLedgersRules(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")

	h.press(u, h.press(u, card, "Contacts"), "Add contact")
	m := h.say(u, "Li Na, "+strings.Repeat("p", 101))
	mustContain(t, m.Text, tooLongEN, "at most 100 characters each")
	m = h.say(u, "Li\x00 Na")
	mustContain(t, m.Text, controlEN)
	h.say(u, "Li Na, general manager")
	m = h.say(u, "13900139000")
	mustContain(t, m.Text, "Email?")
	// net/mail takes this; the ledger wants a dotted domain, and refused it at Save.
	m = h.say(u, "li.na@acme")
	mustContain(t, m.Text, "not an email address")
	m = h.say(u, "li.na@acme.cn")
	mustContain(t, m.Text, "Birthday?")
	m = h.press(u, m, "Skip")
	m = h.message(u, m.ID)
	m = h.press(u, m, "Save")
	mustNotContain(t, m.Text, "Cannot save")
	if n := h.count(`SELECT count(*) FROM contacts WHERE email = 'li.na@acme.cn'`); n != 1 {
		t.Fatalf("%d contacts with the email, want 1", n)
	}

	date := h.pressOn(u, card, "Add deal")
	h.press(u, date, "Today")
	m = h.say(u, "１２，５００元")
	mustContain(t, m.Text, "What was it for")
	// A description over the ledger's 1000 characters was taken here and refused at Save.
	m = h.say(u, strings.Repeat("x", 1001))
	mustContain(t, m.Text, tooLongEN, "at most 1000 characters")
	m = h.say(u, "conveyor\x00 line")
	mustContain(t, m.Text, controlEN)
	m = h.say(u, "Phase 2\nconveyor line")
	mustContain(t, m.Text, "Payment due date?")
	mustContain(t, h.say(u, "2026-13-45").Text, "Please give a date not before the deal's")
	mustContain(t, h.say(u, strings.Repeat("9", 5000)).Text, "too long")
	m = h.pressOn(u, m, "No due date")
	mustContain(t, m.Text, "Please confirm", "¥12500.00", "no due date")
	m = h.press(u, m, "Save")
	mustNotContain(t, m.Text, "Cannot save")
	if n := h.count(`SELECT count(*) FROM deals WHERE amount = 12500 AND description = $1`, "Phase 2\nconveyor line"); n != 1 {
		t.Fatalf("%d deals stored as typed, want 1", n)
	}

	m = h.press(u, h.pressOn(u, card, "Edit"), "Industry")
	m = h.say(u, "Retail\x1b[31m")
	mustContain(t, m.Text, controlEN, "new Industry (at most 100 characters)")
	m = h.say(u, "Retail")
	mustContain(t, m.Text, "Retail")
	m = h.press(u, h.pressOn(u, card, "Edit"), "Name")
	m = h.say(u, "\u2060\u200b")
	mustContain(t, m.Text, noLettersEN)
	h.say(u, "/cancel")
	if n := h.count(`SELECT count(*) FROM clients WHERE name = 'Acme Trading' AND industry = 'Retail'`); n != 1 {
		t.Fatal("edit not stored")
	}
}

func TestVisitAndFeedbackStepsUseTheirPackagesRules(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	u := h.join("Alice", access.Sales, east, "en")
	h.createClient(u, "Acme Trading")

	m := h.say(u, "/visit")
	m = h.press(u, m, "Acme Trading")
	h.press(u, m, "phone")
	m = h.say(u, "Talked\x00 about the quote")
	mustContain(t, m.Text, controlEN, "Please write the notes")
	m = h.say(u, "Talked about the quote")
	// The visit package keeps at most 2000 characters of outcome; the chat took 4000.
	m = h.say(u, strings.Repeat("o", 2001))
	mustContain(t, m.Text, tooLongEN, "at most 2000 characters")
	m = h.say(u, "Quote sent")
	mustContain(t, m.Text, "Next follow-up date?")
	// dates reads five years either way by calendar year; a follow-up is at most five years from today.
	m = h.say(u, "2031-12-31")
	mustContain(t, m.Text, "at most five years ahead")
	m = h.say(u, "2031-11-23")
	mustContain(t, m.Text, "share where you met")
	m = h.say(u, "Skip")
	m = h.press(u, h.last(u), "Save")
	mustContain(t, m.Text, "saved", "2031-11-23")
	mustNotContain(t, m.Text, "Cannot save")

	m = h.press(u, h.press(u, h.say(u, "acme"), "Acme Trading"), "Add feedback")
	m = h.press(u, m, "complaint")
	m = h.say(u, "Late\x00 delivery")
	mustContain(t, m.Text, controlEN, "Please type the feedback")
	m = h.say(u, "\u200b")
	mustContain(t, m.Text, "Please type the feedback")
	m = h.say(u, "Late delivery")
	m = h.press(u, m, "high")
	m = h.press(u, m, "Owner Alice")
	m = h.press(u, m, "Default")
	m = h.press(u, m, "Save")
	mustContain(t, m.Text, "recorded")

	m = h.press(u, h.press(u, h.say(u, "acme"), "Acme Trading"), "Handle feedback")
	m = h.press(u, m, "Resolve")
	m = h.say(u, "Shipped\x00 by air")
	mustContain(t, m.Text, controlEN, "how it was resolved")
	m = h.say(u, "Shipped by air")
	mustContain(t, m.Text, "resolved")
	if n := h.count(`SELECT count(*) FROM feedback WHERE status = 'resolved' AND resolution = 'Shipped by air'`); n != 1 {
		t.Fatal("feedback not resolved as typed")
	}
}

func TestTeamAndGreetingTextIsCheckedWhereTyped(t *testing.T) {
	t.Parallel()
	h := setup(t)
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")

	mustContain(t, h.say(admin, "/newteam \u200b\u200b").Text, noLettersEN, "Usage: /newteam NAME")
	mustContain(t, h.say(admin, "/newteam North\x00").Text, controlEN)
	if n := h.count(`SELECT count(*) FROM teams`); n != 0 {
		t.Fatalf("%d teams made of refused names", n)
	}
	mustContain(t, h.say(admin, "/newteam North").Text, "Team “North” created")

	h.press(admin, h.say(admin, "/holidays"), "Add a custom date")
	m := h.say(admin, "\u200b\u200b")
	mustContain(t, m.Text, noLettersEN, "Type a name")
	m = h.say(admin, "★ / Anniversary")
	mustContain(t, m.Text, noLettersEN, "Type a name")
	m = h.say(admin, "Anniversary\u0007")
	mustContain(t, m.Text, controlEN)
	m = h.say(admin, "周年庆 / Anniversary")
	mustContain(t, m.Text, "Date?")
	h.say(admin, "/cancel")

	m = h.press(admin, h.say(admin, "/templates"), "Spring Festival · Chinese")
	m = h.say(admin, "{contact}\x00新春快乐")
	mustContain(t, m.Text, controlEN, "send the new text again")
	m = h.say(admin, "{contact}\n新春快乐")
	mustContain(t, m.Text, "Saved")
	if n := h.count(`SELECT count(*) FROM greeting_templates WHERE body = $1`, "{contact}\n新春快乐"); n != 1 {
		t.Fatal("template not stored")
	}
}

// The one-line /visit reads a trailing date in every form the guided
// follow-up step suggests, and takes it off the notes.
func TestOneLineVisitTakesATrailingDateAsTheFollowUp(t *testing.T) {
	t.Parallel()
	h := setup(t) // Monday 2026-11-23
	east := h.team("East")
	h.createClient(h.join("Alice", access.Sales, east, "en"), "华为科技有限公司")
	u := h.join("Wang", access.Sales, east, "zh")
	cases := []struct{ line, notes, due string }{
		{"/visit 华为: 电话 谈了报价 12月9日", "谈了报价", "2026-12-09"},
		{"/visit 华为: 电话 谈了报价 2026-12-10", "谈了报价", "2026-12-10"},
		{"/visit 华为: 电话 谈了报价 12/11", "谈了报价", "2026-12-11"},
		{"/visit 华为: 电话 谈了报价 明天", "谈了报价", "2026-11-24"},
		{"/visit 华为: 电话 谈了报价 下周二", "谈了报价", "2026-12-01"},
	}
	for i, c := range cases {
		m := h.say(u, c.line)
		mustContain(t, m.Text, "已保存", "下次跟进："+c.due)
		var notes, due string
		if err := h.pool.QueryRow(context.Background(), `SELECT notes, follow_up_on::text FROM visits ORDER BY id DESC LIMIT 1`).
			Scan(&notes, &due); err != nil {
			t.Fatal(err)
		}
		if notes != c.notes || due != c.due {
			t.Errorf("case %d %q: stored notes %q follow-up %s; want %q %s", i, c.line, notes, due, c.notes, c.due)
		}
	}
	// A day already past is what happened, not a follow-up.
	mustNotContain(t, h.say(u, "/visit 华为: 电话 签了合同 2026-11-20").Text, "下次跟进")
	if n := h.count(`SELECT count(*) FROM visits WHERE notes = '签了合同 2026-11-20' AND follow_up_on IS NULL`); n != 1 {
		t.Fatal("a past date did not stay in the notes")
	}
	mustContain(t, h.say(u, "/visit 华为: 电话 谈了\x00报价").Text, controlZH)
	mustContain(t, h.say(u, "/visit 华为: 电话 谈了报价，跟进 2031-12-31").Text, "五年以内")
	if n := h.count(`SELECT count(*) FROM visits`); n != len(cases)+1 {
		t.Fatalf("%d visits, want %d", n, len(cases)+1)
	}
}

// /new warns of a client Search would correct the typed name to.
func TestNewClientWarnsOfTheClientSearchCorrectsATypoTo(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Siemens Ltd")
	if m := h.say(u, "Siemans Ltd"); !hasButton(m, "Siemens Ltd") {
		t.Fatalf("search does not correct Siemans to Siemens:\n%s", m.Text)
	}
	h.say(u, "/new")
	m := h.say(u, "Siemans Ltd")
	mustContain(t, m.Text, "may already be in the ledger", "Siemens Ltd")
}
