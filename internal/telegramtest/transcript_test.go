package telegramtest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestListenServesTheSameEmulationOutsideTests(t *testing.T) {
	t.Parallel()
	s, err := telegramtest.Listen(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, s)
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: alice.ID, Text: "你好"}); err != nil {
		t.Fatalf("SendMessage through Listen's server: %v", err)
	}
	if m, ok := s.LastMessage(alice.ID); !ok || m.Text != "你好" {
		t.Fatalf("LastMessage = %+v, %v", m, ok)
	}
	s.Close()
	s.Close() // a second Close does nothing
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: alice.ID, Text: "again"}); err == nil {
		t.Fatal("the server answered after Close")
	}
}

func TestTranscriptShowsBothSidesInOrderWithEditsAndDeletes(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	day := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return day })
	b := newBot(t, s)
	ctx := context.Background()

	_, rev0 := s.Transcript(alice.ID)
	s.SendText(alice, "/start")
	s.SendLocation(alice, 31.3, 120.6)
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "<b>客户</b>", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "temporary"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: sent.ID, Text: "<b>客户</b> ✓", ParseMode: models.ParseModeHTML}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: alice.ID, MessageID: gone.ID}); err != nil {
		t.Fatal(err)
	}

	entries, rev := s.Transcript(alice.ID)
	if rev <= rev0 {
		t.Errorf("revision %d after changes, was %d", rev, rev0)
	}
	if len(entries) != 3 {
		t.Fatalf("transcript has %d entries, want /start, the location and the edited message: %+v", len(entries), entries)
	}
	if e := entries[0]; !e.FromUser || e.Kind != "text" || e.Text != "/start" || !e.Date.Equal(day) {
		t.Errorf("first entry %+v, want the user's /start dated by the clock", e)
	}
	if e := entries[1]; !e.FromUser || e.Kind != "location" || e.Latitude != 31.3 || e.Longitude != 120.6 {
		t.Errorf("second entry %+v, want the user's location", e)
	}
	if e := entries[2]; e.FromUser || e.Text != "<b>客户</b> ✓" || !e.Edited || e.ParseMode != "HTML" {
		t.Errorf("third entry %+v, want the bot's edited message", e)
	}
	if _, other := s.Transcript(alice.ID + 1); other != 0 {
		t.Errorf("an untouched chat has revision %d", other)
	}
}

func TestWaitChatReturnsOnTheChatsNextChange(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	_, rev := s.Transcript(alice.ID)
	got := make(chan uint64, 1)
	go func() {
		r, err := s.WaitChat(context.Background(), alice.ID, rev)
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	s.SendText(alice, "hello")
	if r := <-got; r <= rev {
		t.Fatalf("WaitChat returned revision %d, not above %d", r, rev)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, now := s.Transcript(alice.ID)
	if _, err := s.WaitChat(ctx, alice.ID, now); err == nil {
		t.Fatal("WaitChat without a change returned no error for an ended context")
	}
}

func TestCommandsResolveScopeAndLanguageAsTelegram(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	set := func(p *bot.SetMyCommandsParams) {
		t.Helper()
		if _, err := b.SetMyCommands(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	set(&bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "client", Description: "查客户"}}})
	set(&bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "client", Description: "Find a client"}}, LanguageCode: "en"})
	set(&bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "client", Description: "查客户"}, {Command: "jobs", Description: "任务"}},
		Scope: &models.BotCommandScopeChat{ChatID: 7}})

	for _, tc := range []struct {
		chat int64
		lang string
		want []telegramtest.Command
	}{
		{42, "zh-hans", []telegramtest.Command{{Command: "client", Description: "查客户"}}},
		{42, "en-US", []telegramtest.Command{{Command: "client", Description: "Find a client"}}},
		{7, "en", []telegramtest.Command{{Command: "client", Description: "查客户"}, {Command: "jobs", Description: "任务"}}},
	} {
		got := s.Commands(tc.chat, tc.lang)
		if len(got) != len(tc.want) || got[0] != tc.want[0] || got[len(got)-1] != tc.want[len(tc.want)-1] {
			t.Errorf("Commands(%d, %q) = %v, want %v", tc.chat, tc.lang, got, tc.want)
		}
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: 7}}); err != nil {
		t.Fatal(err)
	}
	if got := s.Commands(7, "zh"); len(got) != 1 {
		t.Errorf("after deleting the chat's menu, Commands = %v, want the default one", got)
	}
}

func TestAnswersAndFilesArePerChat(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "pick",
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "A", CallbackData: "a"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	s.PressButton(alice, int64(m.ID), "a")
	ups := mustGetUpdates(t, s, 0, 0, 10, "")
	cq := ups[len(ups)-1]["callback_query"].(map[string]any)
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cq["id"].(string), Text: "已保存", ShowAlert: true}); err != nil {
		t.Fatal(err)
	}
	if a := s.Answers(alice.ID); len(a) != 1 || a[0].Text != "已保存" || !a[0].Alert {
		t.Errorf("Answers = %+v", a)
	}
	if a := s.Answers(alice.ID + 1); len(a) != 0 {
		t.Errorf("another chat's answers: %+v", a)
	}

	doc, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID,
		Document: &models.InputFileUpload{Filename: "台账.xlsx", Data: bytes.NewReader([]byte("PK\x03\x04 ledger"))}})
	if err != nil {
		t.Fatal(err)
	}
	last, _ := s.LastMessage(alice.ID)
	if last.FileID != doc.Document.FileID || last.FileName != "台账.xlsx" {
		t.Fatalf("the document message %+v does not carry the file id %q", last, doc.Document.FileID)
	}
	if data, ok := s.File(doc.Document.FileID); !ok || string(data) != "PK\x03\x04 ledger" {
		t.Errorf("File = %q, %v; want the uploaded bytes", data, ok)
	}
	// As on Telegram, a bot may fetch a file it sent.
	f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: doc.Document.FileID})
	if err != nil {
		t.Fatal(err)
	}
	if got := download(t, s.URL()+"/file/bot"+telegramtest.Token+"/"+f.FilePath, 200); string(got) != "PK\x03\x04 ledger" {
		t.Errorf("download = %q", got)
	}
}
