package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestWebhookModeRegistersAndHandlesPushedUpdates(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	h := setupWith(t, map[string]string{
		"WEBHOOK_URL": "https://bot.example.com/telegram", "WEBHOOK_SECRET": "hook_secret-1", "LISTEN_ADDR": addr,
	})
	h.tg.WaitFor(t, 10*time.Second, func(c telegramtest.Call) bool { return c.Method == "setWebhook" })
	url, secret, ok := h.tg.Webhook()
	for i := 0; i < 100 && !ok; i++ { // the call is recorded before it is applied
		time.Sleep(10 * time.Millisecond)
		url, secret, ok = h.tg.Webhook()
	}
	if !ok || url != "https://bot.example.com/telegram" || secret != "hook_secret-1" {
		t.Fatalf("setWebhook got %q %q %v", url, secret, ok)
	}
	stranger := telegramtest.User{ID: 4242, FirstName: "Eve", LanguageCode: "en"}
	id := h.tg.SendText(stranger, "hello")
	upd, ok := h.tg.TakeUpdate(id)
	if !ok {
		t.Fatal("update not queued")
	}
	endpoint := fmt.Sprintf("http://%s/", addr)
	ctx := context.Background()
	var code int
	var err error
	for i := 0; i < 50; i++ { // the server may still be starting
		if code, err = telegramtest.PostUpdate(ctx, endpoint, "wrong", upd); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code != 401 {
		t.Fatalf("wrong secret answered %d, %v; want 401", code, err)
	}
	if code, err := telegramtest.PostUpdate(ctx, endpoint, "hook_secret-1", upd); err != nil || code != 200 {
		t.Fatalf("right secret answered %d, %v; want 200", code, err)
	}
	h.waitDone(id)
	mustContain(t, h.last(stranger).Text, "invite")
	// Telegram retrying the same update does not make the bot answer twice.
	if code, _ := telegramtest.PostUpdate(ctx, endpoint, "hook_secret-1", upd); code != 200 {
		t.Fatalf("retried update answered %d", code)
	}
	// A later update of the chat runs after the retried one: once it is
	// answered, the retry has been dealt with.
	next := h.tg.SendText(stranger, "hello again")
	nextUpd, _ := h.tg.TakeUpdate(next)
	if code, err := telegramtest.PostUpdate(ctx, endpoint, "hook_secret-1", nextUpd); err != nil || code != 200 {
		t.Fatalf("next update answered %d, %v", code, err)
	}
	h.waitDone(next)
	if n := len(h.tg.Messages(stranger.ID)); n != 2 {
		t.Fatalf("%d replies to one update delivered twice and one more, want 2", n)
	}
}
