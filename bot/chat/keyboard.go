package chat

import (
	"html"
	"strings"

	"github.com/go-telegram/bot/models"
)

// The main reply keyboard: the everyday actions one tap away.
var menuButtons = []struct {
	cmd  string
	text pair
}{
	{"client", pair{"🔍 查客户", "🔍 Find client"}},
	{"visit", pair{"📝 记拜访", "📝 Log visit"}},
	{"feedback", pair{"💬 客户反馈", "💬 Feedback"}},
	{"today", pair{"📅 今日待办", "📅 Today"}},
	{"mine", pair{"👥 我的客户", "👥 My clients"}},
	{"new", pair{"➕ 新客户", "➕ New client"}},
}

func mainKeyboard(l lang) *models.ReplyKeyboardMarkup {
	var rows [][]models.KeyboardButton
	for i := 0; i < len(menuButtons); i += 2 {
		rows = append(rows, []models.KeyboardButton{{Text: menuButtons[i].text.in(l)}, {Text: menuButtons[i+1].text.in(l)}})
	}
	return &models.ReplyKeyboardMarkup{Keyboard: rows, ResizeKeyboard: true, IsPersistent: true}
}

// menuCommand maps a tap on the reply keyboard, in either language, to its command.
func menuCommand(text string) string {
	for _, b := range menuButtons {
		if text == b.text.zh || text == b.text.en {
			return b.cmd
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
