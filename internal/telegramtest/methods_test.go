package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestAnswerCallbackQueryAcceptsAPressedButtonOnce(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "选择",
		ReplyMarkup: inlineKB([]models.InlineKeyboardButton{{Text: "是", CallbackData: "yes"}})})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	s.PressButton(alice, int64(sent.ID), "yes")
	ups := mustGetUpdates(t, s, 0, 0, 100, "")
	raw, _ := json.Marshal(ups[0])
	var upd models.Update
	if err := json.Unmarshal(raw, &upd); err != nil || upd.CallbackQuery == nil {
		t.Fatalf("update %s: %v", raw, err)
	}
	cq := upd.CallbackQuery
	if cq.Data != "yes" || cq.From.ID != alice.ID || cq.Message.Message == nil || cq.Message.Message.ID != sent.ID ||
		cq.Message.Message.Text != "选择" || cq.Message.Message.ReplyMarkup == nil {
		t.Fatalf("callback query = %s", raw)
	}

	params := &bot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: "好的"}
	if ok, err := b.AnswerCallbackQuery(ctx, params); err != nil || !ok {
		t.Fatalf("AnswerCallbackQuery = %v, %v", ok, err)
	}
	if got := s.CallsTo("answerCallbackQuery")[0].Params; got["callback_query_id"] != cq.ID || got["text"] != "好的" {
		t.Errorf("params = %v", got)
	}
	if _, err := b.AnswerCallbackQuery(ctx, params); err == nil || !strings.Contains(err.Error(), "query ID is invalid") {
		t.Errorf("second answer: err = %v", err)
	}
}

func TestPressButtonOnUnknownMessageCarriesMinimalAccessibleMessage(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	s.PressButton(alice, 77, "stale")
	raw, _ := json.Marshal(mustGetUpdates(t, s, 0, 0, 100, "")[0])
	var upd models.Update
	if err := json.Unmarshal(raw, &upd); err != nil {
		t.Fatal(err)
	}
	m := upd.CallbackQuery.Message.Message
	if m == nil || m.ID != 77 || m.Chat.ID != alice.ID {
		t.Errorf("callback message = %s", raw)
	}
}

func TestSetMyCommandsRecordsAndValidatesCommands(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	cmds := []models.BotCommand{{Command: "start", Description: "开始"}, {Command: "new_client", Description: "新客户"}}
	if ok, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, LanguageCode: "zh"}); err != nil || !ok {
		t.Fatalf("SetMyCommands = %v, %v", ok, err)
	}
	p := s.CallsTo("setMyCommands")[0].Params
	var got []models.BotCommand
	if err := json.Unmarshal([]byte(p["commands"]), &got); err != nil || len(got) != 2 || got[1] != cmds[1] || p["language_code"] != "zh" {
		t.Errorf("params = %v (%v)", p, err)
	}
	_, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "New-Client", Description: "x"}}})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "BOT_COMMAND_INVALID") {
		t.Errorf("invalid command: err = %v", err)
	}
	if ok, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{}); err != nil || !ok {
		t.Errorf("DeleteMyCommands = %v, %v", ok, err)
	}
}

func TestGetMeAnswersTheTestBot(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b, err := bot.New(telegramtest.Token, bot.WithServerURL(s.URL())) // calls getMe
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	me, err := b.GetMe(context.Background())
	if err != nil || me.ID != 123456 || !me.IsBot || me.FirstName != "Ledger Bot" || me.Username != "ledger_test_bot" {
		t.Errorf("getMe = %+v, %v", me, err)
	}
}

func TestUnknownMethodIsNotFound(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	status, r, err := post(context.Background(), t, s, "sendFooBar", "application/json", []byte(`{"chat_id":1}`))
	if err != nil || status != http.StatusNotFound || r.OK || r.ErrorCode != 404 || r.Description != "Not Found" {
		t.Errorf("unknown method: %d %+v %v", status, r, err)
	}
	if c := s.Calls(); len(c) != 1 || c[0].Method != "sendFooBar" {
		t.Errorf("calls = %+v, want the unknown call recorded", c)
	}
}

func TestJSONAndURLEncodedBodiesAreAccepted(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	ctx := context.Background()
	status, r, err := post(ctx, t, s, "sendMessage", "application/json",
		[]byte(`{"chat_id":42,"text":"json","reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}}`))
	if err != nil || status != 200 || !r.OK {
		t.Fatalf("JSON body: %d %+v %v", status, r, err)
	}
	form := url.Values{"chat_id": {"42"}, "text": {"form"}, "reply_markup": {`{"remove_keyboard":true}`}}
	status, r, err = post(ctx, t, s, "sendMessage", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if err != nil || status != 200 || !r.OK {
		t.Fatalf("urlencoded body: %d %+v %v", status, r, err)
	}
	calls := s.CallsTo("sendMessage")
	if p := calls[0].Params; p["chat_id"] != "42" || !strings.Contains(p["reply_markup"], `"callback_data":"a"`) {
		t.Errorf("JSON params = %v", p)
	}
	msgs := s.Messages(42)
	if len(msgs) != 2 || msgs[0].Inline[0][0].Data != "a" || msgs[1].Text != "form" || !msgs[1].RemoveKeyboard {
		t.Errorf("messages = %+v", msgs)
	}
}

func TestReplyKeyboardDocumentAndDeleteChangeTheChat(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	s.SendText(alice, "hello") // makes the user known, so the chat has their names
	kb := &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "发送位置", RequestLocation: true}}}, ResizeKeyboard: true}
	ask, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "请发送位置", ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if ask.Chat.FirstName != "Alice" || ask.Chat.Username != "alice_w" {
		t.Errorf("chat of a known user = %+v", ask.Chat)
	}
	xlsx := []byte("PK\x03\x04 fake xlsx")
	doc, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID, Caption: "台账",
		Document: &models.InputFileUpload{Filename: "ledger.xlsx", Data: bytes.NewReader(xlsx)}})
	if err != nil {
		t.Fatalf("SendDocument: %v", err)
	}
	if doc.Document == nil || doc.Document.FileName != "ledger.xlsx" || doc.Document.FileID == "" || doc.Caption != "台账" {
		t.Errorf("document result = %+v", doc)
	}
	c := s.CallsTo("sendDocument")[0]
	if !bytes.Equal(c.Files["document"], xlsx) || c.FileNames["document"] != "ledger.xlsx" {
		t.Errorf("recorded files = %q %v", c.Files, c.FileNames)
	}

	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: alice.ID, MessageID: doc.ID}); err != nil || !ok {
		t.Fatalf("DeleteMessage = %v, %v", ok, err)
	}
	last, _ := s.LastMessage(alice.ID)
	if last.ID != int64(ask.ID) || len(last.Reply) != 1 || !last.Reply[0][0].RequestLocation {
		t.Errorf("last visible message = %+v, want the location prompt", last)
	}
	if kb := s.Keyboard(alice.ID); len(kb) != 1 || kb[0][0].Text != "发送位置" {
		t.Errorf("Keyboard = %+v, want the location button", kb)
	}
	msgs := s.Messages(alice.ID)
	if len(msgs) != 2 || msgs[1].Kind != "document" || msgs[1].FileName != "ledger.xlsx" || !msgs[1].Deleted {
		t.Errorf("messages = %+v", msgs)
	}
	_, err = b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: alice.ID, MessageID: doc.ID})
	if err == nil || !strings.Contains(err.Error(), "message to delete not found") {
		t.Errorf("second delete: err = %v", err)
	}
}
