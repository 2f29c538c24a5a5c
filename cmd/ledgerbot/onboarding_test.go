package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestStrangerGetsOnePoliteLineAndNoData(t *testing.T) {
	t.Parallel()
	h := setup(t)
	sales := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(sales, "Acme Trading Co., Ltd.")

	stranger := telegramtest.User{ID: 99, FirstName: "Eve", LanguageCode: "en"}
	before := len(h.tg.Messages(stranger.ID))
	m := h.say(stranger, "acme")
	mustContain(t, m.Text, "invite")
	mustNotContain(t, m.Text, "Acme")
	if got := len(h.tg.Messages(stranger.ID)) - before; got != 1 {
		t.Fatalf("stranger got %d messages, want exactly 1", got)
	}
	// A stranger's forged button press reveals nothing either.
	h.pressData(stranger, 1, "c:1")
	if a := h.lastAnswer(); !strings.Contains(a, "No access") {
		t.Fatalf("stranger's button answered %q", a)
	}
	mustNotContain(t, h.last(stranger).Text, "Acme")
}

func TestInviteCodeIsSingleUseAndWelcomesInUsersLanguage(t *testing.T) {
	t.Parallel()
	h := setup(t)
	team := h.team("华东")
	code, _, err := h.staff.CreateInvite(context.Background(), nil, access.Sales, team.ID)
	if err != nil {
		t.Fatal(err)
	}
	zhUser := telegramtest.User{ID: 501, FirstName: "王芳", LanguageCode: "zh-hans"}
	m := h.say(zhUser, "/start "+code)
	mustContain(t, m.Text, "王芳", "销售", "华东")
	if len(m.Reply) == 0 {
		t.Fatal("welcome has no main reply keyboard")
	}
	other := telegramtest.User{ID: 502, FirstName: "Bob", LanguageCode: "en"}
	m = h.say(other, "/start "+code)
	mustContain(t, m.Text, "invalid, used or expired")
	if n := h.count(`SELECT count(*) FROM staff`); n != 1 {
		t.Fatalf("%d staff after reuse of a code, want 1", n)
	}
}

func TestManagerInvitesThroughChat(t *testing.T) {
	t.Parallel()
	h := setup(t)
	team := h.team("East")
	mgr := h.join("Maria", access.Manager, team, "en")
	m := h.say(mgr, "/invite")
	m = h.press(mgr, m, "sales")
	mustContain(t, m.Text, "/start ", "single use")
	code := strings.Fields(m.Text[strings.Index(m.Text, "/start ")+len("/start "):])[0]
	code = strings.TrimSuffix(code, "</code>")
	newbie := telegramtest.User{ID: 777, FirstName: "Nina", LanguageCode: "en"}
	m = h.say(newbie, "/start "+code)
	mustContain(t, m.Text, "Nina", "sales", "East")

	sales := h.join("Sam", access.Sales, team, "en")
	m = h.say(sales, "/invite")
	mustContain(t, m.Text, "Only managers and admins")
}

func TestLanguageSwitchChangesTexts(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Li", access.Sales, h.team("East"), "en")
	m := h.say(u, "/lang")
	h.press(u, m, "中文")
	mustContain(t, h.last(u).Text, "已切换为中文")
	m = h.say(u, "/today")
	mustContain(t, m.Text, "今日待办")
}

func TestCommandsRegisteredInBothLanguages(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Li", access.Sales, h.team("East"), "en")
	_ = u
	calls := h.tg.CallsTo("setMyCommands")
	if len(calls) < 2 {
		t.Fatalf("setMyCommands called %d times, want zh and en", len(calls))
	}
	var sawEN, sawZH bool
	for _, c := range calls {
		if c.Params["language_code"] == "en" && strings.Contains(c.Params["commands"], "Log a visit") {
			sawEN = true
		}
		if c.Params["language_code"] == "" && strings.Contains(c.Params["commands"], "记录拜访") {
			sawZH = true
		}
	}
	if !sawEN || !sawZH {
		t.Fatalf("commands not registered in both languages: %v", calls)
	}
}

func TestAdminsGetTheAdminCommandsInTheirOwnMenu(t *testing.T) {
	t.Parallel()
	h := setup(t)
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")
	h.join("Li", access.Sales, h.team("East"), "en")
	var scoped []telegramtest.Call
	for _, c := range h.tg.CallsTo("setMyCommands") {
		if strings.Contains(c.Params["scope"], `"chat_id"`) {
			scoped = append(scoped, c)
		}
	}
	if len(scoped) != 1 || !strings.Contains(scoped[0].Params["scope"], fmt.Sprintf(`"chat_id":%d`, admin.ID)) ||
		!strings.Contains(scoped[0].Params["scope"], `"type":"chat"`) ||
		!strings.Contains(scoped[0].Params["commands"], "Scheduled jobs and the outbox") || !strings.Contains(scoped[0].Params["commands"], "Log a visit") {
		t.Fatalf("admin menu calls: %v", scoped)
	}
	// Switching language rewrites the admin's menu in it.
	h.press(admin, h.say(admin, "/lang"), "中文")
	calls := h.tg.CallsTo("setMyCommands")
	if last := calls[len(calls)-1]; !strings.Contains(last.Params["commands"], "定时任务与发送队列") {
		t.Fatalf("admin menu not in Chinese after /lang: %v", last.Params)
	}
	// A restart registers every admin's menu again.
	h.stop()
	before := len(h.tg.CallsTo("setMyCommands"))
	h.start()
	waitFor(t, func() bool { return len(h.tg.CallsTo("setMyCommands")) >= before+3 })
}
