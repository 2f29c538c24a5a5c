package chat

import (
	"html"
	"strings"

	"github.com/go-telegram/bot/models"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// The main reply keyboard: the everyday actions one tap away, each a
// command with its button's label.
var menuButtons = []command{
	{"client", i18n.Text{ZH: "🔍 查客户", EN: "🔍 Find client"}},
	{"visit", i18n.Text{ZH: "📝 记拜访", EN: "📝 Log visit"}},
	{"feedback", i18n.Text{ZH: "💬 客户反馈", EN: "💬 Feedback"}},
	{"today", i18n.Text{ZH: "📅 今日待办", EN: "📅 Today"}},
	{"mine", i18n.Text{ZH: "👥 我的客户", EN: "👥 My clients"}},
	{"new", i18n.Text{ZH: "➕ 新客户", EN: "➕ New client"}},
}

func mainKeyboard(l i18n.Lang) *models.ReplyKeyboardMarkup {
	var rows [][]models.KeyboardButton
	for i := 0; i < len(menuButtons); i += 2 {
		rows = append(rows, []models.KeyboardButton{{Text: menuButtons[i].desc.In(l)}, {Text: menuButtons[i+1].desc.In(l)}})
	}
	return &models.ReplyKeyboardMarkup{Keyboard: rows, ResizeKeyboard: true, IsPersistent: true}
}

// menuCommand maps a tap on the reply keyboard, in either language, to its command.
func menuCommand(text string) string {
	for _, b := range menuButtons {
		if text == b.desc.ZH || text == b.desc.EN {
			return b.name
		}
	}
	return ""
}

// esc makes user text safe inside an HTML message.
func esc(s string) string { return html.EscapeString(s) }

// clip shortens s to n characters for a button or a list line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
