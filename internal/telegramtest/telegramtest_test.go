package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func inlineKB(rows ...[]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func TestSendMessageWithInlineKeyboardIsRecordedAndStored(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()

	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID: alice.ID, Text: "<b>客户</b> A &amp; B", ParseMode: models.ParseModeHTML,
		ReplyMarkup: inlineKB([]models.InlineKeyboardButton{
			{Text: "编辑", CallbackData: "edit:1"}, {Text: "Site", URL: "https://example.com/a"},
		}),
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.ID <= 0 || msg.Chat.ID != alice.ID || msg.Chat.Type != models.ChatTypePrivate || msg.Date == 0 {
		t.Errorf("result message = id %d chat %+v date %d", msg.ID, msg.Chat, msg.Date)
	}
	if msg.Text != "客户 A & B" {
		t.Errorf("result text = %q, want the parsed text", msg.Text)
	}
	if msg.From == nil || !msg.From.IsBot || msg.From.ID != 123456 {
		t.Errorf("result from = %+v, want the bot", msg.From)
	}
	if msg.ReplyMarkup == nil || msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "edit:1" {
		t.Errorf("result reply_markup = %+v", msg.ReplyMarkup)
	}

	calls := s.CallsTo("sendMessage")
	if len(calls) != 1 {
		t.Fatalf("recorded %d sendMessage calls, want 1", len(calls))
	}
	p := calls[0].Params
	if p["chat_id"] != "42" || p["text"] != "<b>客户</b> A &amp; B" || p["parse_mode"] != "HTML" {
		t.Errorf("params = %v", p)
	}
	var rm models.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(p["reply_markup"]), &rm); err != nil || rm.InlineKeyboard[0][1].URL != "https://example.com/a" {
		t.Errorf("reply_markup param %q: %v", p["reply_markup"], err)
	}

	want := telegramtest.Message{
		ID: int64(msg.ID), ChatID: alice.ID, Kind: "text", Text: "<b>客户</b> A &amp; B", ParseMode: "HTML",
		Inline: [][]telegramtest.Button{{{Text: "编辑", Data: "edit:1"}, {Text: "Site", URL: "https://example.com/a"}}},
	}
	if got := s.Messages(alice.ID); len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("Messages = %+v\nwant %+v", got, want)
	}
}

func TestEditMessageTextReplacesTextAndKeyboardLikeTelegram(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	kb := inlineKB([]models.InlineKeyboardButton{{Text: "OK", CallbackData: "ok"}})
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "第一步", ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}

	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: sent.ID, Text: "第二步", ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("EditMessageText: %v", err)
	}
	if edited.Text != "第二步" || edited.EditDate == 0 || edited.ID != sent.ID {
		t.Errorf("edit result = %+v", edited)
	}
	m, _ := s.LastMessage(alice.ID)
	if m.Text != "第二步" || !m.Edited || len(m.Inline) != 1 {
		t.Errorf("after edit: %+v", m)
	}

	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: sent.ID, Text: "第二步", ReplyMarkup: kb})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message is not modified") {
		t.Errorf("identical edit: err = %v, want message is not modified", err)
	}

	// Without reply_markup the keyboard goes, as on Telegram.
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: sent.ID, Text: "第二步"}); err != nil {
		t.Fatalf("edit dropping the keyboard: %v", err)
	}
	if m, _ := s.LastMessage(alice.ID); m.Inline != nil {
		t.Errorf("keyboard kept after an edit without reply_markup: %+v", m.Inline)
	}

	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: sent.ID, ReplyMarkup: kb}); err != nil {
		t.Fatalf("EditMessageReplyMarkup: %v", err)
	}
	if m, _ := s.LastMessage(alice.ID); len(m.Inline) != 1 || m.Inline[0][0].Data != "ok" {
		t.Errorf("after editMessageReplyMarkup: %+v", m.Inline)
	}

	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: 999, Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("edit of unknown message: err = %v", err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: sent.ID, Text: "y",
		ReplyMarkup: &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "a"}}}}})
	if err == nil || !strings.Contains(err.Error(), "inline keyboard expected") {
		t.Errorf("edit with a reply keyboard: err = %v", err)
	}
}

func TestSendMessageRejectsWhatTelegramRejects(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	long := strings.Repeat("x", 64) + "y"
	for _, tc := range []struct {
		name   string
		params bot.SendMessageParams
		want   string // "" = accepted
	}{
		{"4096 Chinese characters fit", bot.SendMessageParams{Text: strings.Repeat("客", 4096)}, ""},
		{"4097 characters are too long", bot.SendMessageParams{Text: strings.Repeat("a", 4097)}, "message is too long"},
		{"length counts UTF-16 units", bot.SendMessageParams{Text: strings.Repeat("😀", 2049)}, "message is too long"},
		{"HTML tags do not count", bot.SendMessageParams{Text: "<b>" + strings.Repeat("a", 4096) + "</b>", ParseMode: models.ParseModeHTML}, ""},
		{"empty text", bot.SendMessageParams{Text: ""}, "message text is empty"},
		{"blank text", bot.SendMessageParams{Text: " \n "}, "message text is empty"},
		{"callback data of 65 bytes", bot.SendMessageParams{Text: "x", ReplyMarkup: inlineKB([]models.InlineKeyboardButton{{Text: "b", CallbackData: long}})}, "BUTTON_DATA_INVALID"},
		{"callback data of 64 bytes", bot.SendMessageParams{Text: "x", ReplyMarkup: inlineKB([]models.InlineKeyboardButton{{Text: "b", CallbackData: long[:64]}})}, ""},
		{"inline button without action", bot.SendMessageParams{Text: "x", ReplyMarkup: inlineKB([]models.InlineKeyboardButton{{Text: "b"}})}, "Text buttons are unallowed"},
		{"unescaped < in HTML", bot.SendMessageParams{Text: "a < b", ParseMode: models.ParseModeHTML}, `can't parse entities: Unsupported start tag "" at byte offset 2`},
		{"unescaped . in MarkdownV2", bot.SendMessageParams{Text: "1.5", ParseMode: models.ParseModeMarkdown}, "Character '.' is reserved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			params := tc.params
			params.ChatID = alice.ID
			before := len(s.Messages(alice.ID))
			_, err := b.SendMessage(context.Background(), &params)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want bad request %q", err, tc.want)
			}
			if n := len(s.Messages(alice.ID)); n != before {
				t.Errorf("a rejected message was stored")
			}
		})
	}
}

func TestFailNextSurfacesAsTooManyRequestsWithRetryAfter(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	s.FailNext("sendMessage", 2, 429, "Too Many Requests: retry after 3", 3)
	for i := range 2 {
		_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: alice.ID, Text: "hi"})
		var tooMany *bot.TooManyRequestsError
		if !errors.As(err, &tooMany) || tooMany.RetryAfter != 3 {
			t.Fatalf("call %d: err = %v, want TooManyRequestsError retry_after 3", i+1, err)
		}
	}
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: alice.ID, Text: "hi"}); err != nil {
		t.Fatalf("third call still fails: %v", err)
	}
	if n := len(s.CallsTo("sendMessage")); n != 3 {
		t.Errorf("recorded %d calls, want 3 (failed ones included)", n)
	}
	if n := len(s.Messages(alice.ID)); n != 1 {
		t.Errorf("%d messages stored, want only the accepted one", n)
	}
}
