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

func TestIntakeSettingsHaveDefaultsAndNameTheVariableWhenWrong(t *testing.T) {
	t.Parallel()
	c, err := Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	in := c.Intake
	if in.Lease != DefaultIntakeLease || in.WebhookSettle != DefaultWebhookSettle || in.RetryFor != DefaultUpdateRetryFor ||
		in.ShutdownGrace != DefaultShutdownGrace || in.UpdatesRetention != DefaultUpdatesKeep || in.OutboxRetention != DefaultOutboxKeep {
		t.Fatalf("defaults %+v", in)
	}
	c, err = Load(func(k string) string {
		return map[string]string{"WEBHOOK_SETTLE": "0s", "UPDATE_RETRY_FOR": "30s", "UPDATES_RETENTION": "48h"}[k]
	})
	if err != nil || c.Intake.WebhookSettle != 0 || c.Intake.RetryFor != 30*time.Second || c.Intake.UpdatesRetention != 48*time.Hour {
		t.Fatalf("set values: %+v, %v", c.Intake, err)
	}
	for k, v := range map[string]string{"INTAKE_LEASE": "500ms", "WEBHOOK_SETTLE": "6s", "UPDATE_RETRY_FOR": "soon",
		"SHUTDOWN_GRACE": "-1s", "OUTBOX_RETENTION": "0"} {
		_, err := Load(func(key string) string {
			if key == k {
				return v
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: error %v does not name the variable", k, v, err)
		}
	}
}

func TestAdminAddrDefaultsAndTurnsOff(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": DefaultAdminAddr, "  ": DefaultAdminAddr, "off": "", "OFF": "",
		"0.0.0.0:9090": "0.0.0.0:9090", " [::]:9091 ": "[::]:9091"} {
		got := AdminAddr(func(k string) string {
			if k == "ADMIN_ADDR" {
				return in
			}
			return ""
		})
		if got != want {
			t.Errorf("ADMIN_ADDR %q: %q, want %q", in, got, want)
		}
	}
}
