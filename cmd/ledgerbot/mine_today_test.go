package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestMineListsOnlyMyClientsByTierWithDaysSinceContact(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	mustContain(t, h.say(alice, "/mine").Text, "My clients</b> (0)", "No clients yet")

	h.createClient(alice, "Gamma Foods")
	h.createClient(alice, "Beta Industries")
	h.createClient(alice, "Acme Trading")
	h.createClient(alice, "Delta Retail")
	h.createClient(bob, "Bobco Supplies")
	ctx := context.Background()
	now := h.clock.Now()
	for _, q := range []struct {
		name, tier string
		last       any
	}{
		{"Acme Trading", "strategic", nil},
		{"Beta Industries", "key", now.Add(-5 * 24 * time.Hour)},
		{"Gamma Foods", "normal", nil},
		{"Delta Retail", "normal", now.Add(-24 * time.Hour)},
	} {
		if _, err := h.pool.Exec(ctx, `UPDATE clients SET tier = $2, last_contact_at = $3 WHERE name = $1`, q.name, q.tier, q.last); err != nil {
			t.Fatal(err)
		}
	}
	mustContain(t, h.say(alice, "/visit Acme: phone confirmed the order").Text, "saved")

	m := h.say(alice, "/mine")
	mustContain(t, m.Text, "My clients</b> (4)",
		"<b>strategic</b>\n• Acme Trading · today",
		"<b>key</b>\n• Beta Industries · 5 days ago",
		// Within a tier, the longest without contact comes first.
		"<b>normal</b>\n• Gamma Foods · never\n• Delta Retail · yesterday")
	if !(strings.Index(m.Text, "strategic") < strings.Index(m.Text, "<b>key") && strings.Index(m.Text, "<b>key") < strings.Index(m.Text, "normal")) {
		t.Fatalf("tiers not in order strategic, key, normal:\n%s", m.Text)
	}
	mustNotContain(t, m.Text, "Bobco Supplies")
	m = h.press(alice, m, "Beta Industries")
	mustContain(t, m.Text, "Beta Industries", "Last contact: 5 days ago")
}

// screen is a message's text followed by its inline buttons' labels.
func screen(m telegramtest.Message) string {
	var b strings.Builder
	b.WriteString(m.Text)
	for _, row := range m.Inline {
		for _, btn := range row {
			b.WriteString("\n[" + btn.Text + "]")
		}
	}
	return b.String()
}

// menuTaps are the main reply keyboard's buttons and what each must open.
var menuTaps = []struct {
	zh, en     string
	zhWant     []string
	enWant     []string
	startsFlow bool
}{
	{"🔍 查客户", "🔍 Find client", []string{"请输入客户名称"}, []string{"Type a client name"}, false},
	{"📝 记拜访", "📝 Log visit", []string{"记录拜访", "Acme Trading"}, []string{"Log a visit", "Acme Trading"}, true},
	{"📅 今日待办", "📅 Today", []string{"今日待办", "待跟进", "我负责的反馈"}, []string{"Today", "Follow-ups due", "Feedback assigned to me"}, false},
	{"👥 我的客户", "👥 My clients", []string{"我的客户", "Acme Trading"}, []string{"My clients", "Acme Trading"}, false},
	{"➕ 新客户", "➕ New client", []string{"新建客户", "客户名称"}, []string{"New client", "full company name"}, true},
	{"💬 客户反馈", "💬 Feedback", []string{"登记客户反馈", "Acme Trading"}, []string{"Record client feedback", "Acme Trading"}, true},
}

func TestMainKeyboardButtonsWorkLikeTheirCommandsInBothLanguages(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			h := setup(t)
			u := h.join("Li", access.Sales, h.team("East"), "en")
			h.createClient(u, "Acme Trading")
			if lang == "zh" {
				// createClient taps English labels; switch after it.
				h.press(u, h.say(u, "/lang"), "中文")
			} else {
				h.say(u, "/help") // bring the keyboard back after the card
			}
			var labels []string
			for _, row := range h.tg.Keyboard(u.ID) {
				for _, b := range row {
					labels = append(labels, b.Text)
				}
			}
			for _, tap := range menuTaps {
				label, want := tap.en, tap.enWant
				if lang == "zh" {
					label, want = tap.zh, tap.zhWant
				}
				if !strings.Contains(strings.Join(labels, "|"), label) {
					t.Fatalf("reply keyboard %v has no %q", labels, label)
				}
				m := h.say(u, label)
				mustContain(t, screen(m), want...)
				if tap.startsFlow {
					h.say(u, "/cancel")
				}
			}
		})
	}
}

func TestMenuTapInEitherLanguageAbandonsTheDraftAndAnswersInMine(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Li", access.Sales, h.team("East"), "en")
	m := h.say(u, "➕ New client")
	mustContain(t, m.Text, "full company name")
	// The Chinese label works for an English speaker too, answered in English.
	m = h.say(u, "📅 今日待办")
	mustContain(t, m.Text, "Today", "Follow-ups due")
	// The new-client draft was abandoned: this text is a search, not a name.
	m = h.say(u, "Beta Industries")
	mustContain(t, m.Text, "No client matches")
	if n := h.count(`SELECT count(*) FROM clients`); n != 0 {
		t.Fatalf("%d clients after an abandoned draft, want 0", n)
	}
}

func TestTodayInChineseWhenNothingIsDue(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("王芳", access.Sales, h.team("华东"), "zh")
	m := h.say(u, "📅 今日待办")
	mustContain(t, m.Text, "今日待办", "11月23日", "待跟进", "（无）", "我负责的反馈")
	if strings.Count(m.Text, "（无）") != 2 {
		t.Fatalf("both empty sections should say （无）:\n%s", m.Text)
	}
}
