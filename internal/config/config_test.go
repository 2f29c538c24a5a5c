package config

import (
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestDefaultsWorkOnThisMachine(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != DefaultDatabaseURL || c.RedisURL != DefaultRedisURL || c.Location.String() != "Asia/Shanghai" ||
		c.InviteTTL != 7*24*time.Hour || c.Webhook() || !c.AutoMigrate || c.TelegramAPIURL != DefaultTelegramAPIURL {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	if err := c.RequireToken(); err == nil || !strings.Contains(err.Error(), "TELEGRAM_TOKEN") {
		t.Fatalf("missing token error = %v; want it to name TELEGRAM_TOKEN", err)
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	cases := map[string]map[string]string{
		"LEDGERBOT_TZ":     {"LEDGERBOT_TZ": "Mars/Olympus"},
		"INVITE_TTL":       {"INVITE_TTL": "forever"},
		"CONVERSATION_TTL": {"CONVERSATION_TTL": "-5m"},
		"WORKERS":          {"WORKERS": "0"},
		"AUTO_MIGRATE":     {"AUTO_MIGRATE": "maybe"},
		"WEBHOOK_SECRET":   {"WEBHOOK_URL": "https://bot.example.com/hook"},
		"WEBHOOK_URL":      {"WEBHOOK_URL": "ftp://x", "WEBHOOK_SECRET": "abc"},
		"LOG_LEVEL":        {"LOG_LEVEL": "loud"},
		"TELEGRAM_API_URL": {"TELEGRAM_API_URL": "not a url"},
	}
	for name, kv := range cases {
		_, err := Load(env(kv))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: error %v does not name %s", kv, err, name)
		}
	}
}

func TestWebhookModeNeedsSecret(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"WEBHOOK_URL": "https://bot.example.com/hook", "WEBHOOK_SECRET": "s3cret_-", "TELEGRAM_TOKEN": "1:x"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Webhook() || c.RequireToken() != nil {
		t.Fatal("webhook config not accepted")
	}
	if _, err := Load(env(map[string]string{"WEBHOOK_SECRET": "has space"})); err == nil {
		t.Fatal("secret with a space accepted")
	}
}
