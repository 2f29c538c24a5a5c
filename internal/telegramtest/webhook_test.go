package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestSetWebhookIsRecordedAndBlocksGetUpdates(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	ctx := context.Background()
	if _, _, ok := s.Webhook(); ok {
		t.Fatal("webhook set before setWebhook")
	}
	_, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "http://bot.example.com/tg"})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "HTTPS URL must be provided") {
		t.Errorf("plain http webhook: err = %v", err)
	}
	ok, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://bot.example.com/tg", SecretToken: "s3cret_-X"})
	if err != nil || !ok {
		t.Fatalf("SetWebhook = %v, %v", ok, err)
	}
	if url, secret, ok := s.Webhook(); !ok || url != "https://bot.example.com/tg" || secret != "s3cret_-X" {
		t.Errorf("Webhook() = %q %q %v", url, secret, ok)
	}
	s.SendText(alice, "queued")
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != "https://bot.example.com/tg" || info.PendingUpdateCount != 1 {
		t.Errorf("GetWebhookInfo = %+v, %v", info, err)
	}
	status, r, _, _ := getUpdates(ctx, t, s, 0, 0, 100, "")
	if status != http.StatusConflict || !strings.Contains(r.Description, "webhook is active") {
		t.Errorf("getUpdates with a webhook: %d %+v", status, r)
	}
	if ok, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true}); err != nil || !ok {
		t.Fatalf("DeleteWebhook = %v, %v", ok, err)
	}
	if _, _, ok := s.Webhook(); ok || s.Pending() != 0 {
		t.Errorf("after deleteWebhook(drop_pending_updates): webhook %v, %d pending", ok, s.Pending())
	}
}

func TestPostUpdateDeliversAnUpdateLikeTelegram(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	type delivery struct {
		method, contentType, secret string
		body                        []byte
	}
	got := make(chan delivery, 1)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- delivery{r.Method, r.Header.Get("Content-Type"), r.Header.Get("X-Telegram-Bot-Api-Secret-Token"), body}
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(hook.Close)

	id := s.SendText(alice, "你好")
	upd, ok := s.TakeUpdate(id)
	if !ok || s.Pending() != 0 {
		t.Fatalf("TakeUpdate(%d) = %v, %d still pending", id, ok, s.Pending())
	}
	status, err := telegramtest.PostUpdate(context.Background(), hook.URL, "s3cret", upd)
	if err != nil || status != http.StatusAccepted {
		t.Fatalf("PostUpdate = %d, %v", status, err)
	}
	d := <-got
	if d.method != http.MethodPost || d.contentType != "application/json" || d.secret != "s3cret" {
		t.Errorf("delivery = %+v", d)
	}
	var back struct {
		UpdateID int64 `json:"update_id"`
		Message  struct {
			Text string `json:"text"`
		} `json:"message"`
	}
	if err := json.Unmarshal(d.body, &back); err != nil || back.UpdateID != id || back.Message.Text != "你好" {
		t.Errorf("delivered body %s: %v", d.body, err)
	}
}
