// Package config reads ledgerbot's configuration from the environment into one
// typed struct and validates it once at start, so a bad deployment fails fast
// with a message that names the variable to fix.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Default values, listed again in README.md.
const (
	DefaultTelegramAPIURL  = "https://api.telegram.org"
	DefaultDatabaseURL     = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultRedisURL        = "redis://127.0.0.1:6379/0"
	DefaultTimeZone        = "Asia/Shanghai"
	DefaultListenAddr      = ":8080"
	DefaultInviteTTL       = 7 * 24 * time.Hour
	DefaultConversationTTL = 30 * time.Minute
	DefaultWorkers         = 8
	DefaultAdminAddr       = "127.0.0.1:9090"
	DefaultSandboxAddr     = "127.0.0.1:8088"
)

// Config is everything ledgerbot reads from its environment.
type Config struct {
	TelegramToken   string
	TelegramAPIURL  string
	DatabaseURL     string
	RedisURL        string
	RedisPrefix     string
	Location        *time.Location
	WebhookURL      string
	WebhookSecret   string
	ListenAddr      string
	InviteTTL       time.Duration
	ConversationTTL time.Duration
	Workers         int
	AutoMigrate     bool
	LogLevel        string
	// PprofAddr, when set, serves Go's profiler there (keep it on loopback).
	PprofAddr string
	// AdminAddr serves /healthz, /readyz and /metrics, apart from the
	// webhook listener; "off" turns it off.
	AdminAddr string
	// SandboxAddr is where `ledgerbot sandbox` serves its web chat.
	SandboxAddr string
	// Push configures the outbox sender and the scheduled jobs.
	Push Push
	// Intake configures how updates are claimed, retried and drained.
	Intake Intake
	// RedisTLS adds a private CA and a client certificate to a rediss://
	// RedisURL; RedisOptions applies it.
	RedisTLS RedisTLS
}

// Webhook reports whether the bot receives updates by webhook instead of polling.
func (c *Config) Webhook() bool { return c.WebhookURL != "" }

// AdminAddr is the admin server's address as ADMIN_ADDR sets it: the
// default when unset, "" when "off". `ledgerbot healthcheck` reads it alone,
// so that a mistake elsewhere in the configuration (which stops serve at
// start) does not also make a running instance's container unhealthy.
func AdminAddr(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	v := strings.TrimSpace(getenv("ADMIN_ADDR"))
	switch {
	case v == "":
		return DefaultAdminAddr
	case strings.EqualFold(v, "off"):
		return ""
	}
	return v
}

// Load reads the environment through getenv (os.Getenv in production), and
// the files its *_FILE variables name from disk, and validates the result.
// Every error names the variable at fault.
func Load(getenv func(string) string) (*Config, error) {
	return LoadFrom(getenv, os.ReadFile)
}

// LoadFrom is Load with the files read through readFile, so tests need no
// files on disk.
func LoadFrom(getenv func(string) string, readFile ReadFile) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if readFile == nil {
		readFile = os.ReadFile
	}
	var errs []error
	secrets := readSecrets(getenv, readFile, &errs)
	get := func(key, def string) string {
		if v, ok := secrets[key]; ok {
			return v
		}
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	c := &Config{
		TelegramToken:  get("TELEGRAM_TOKEN", ""),
		TelegramAPIURL: strings.TrimRight(get("TELEGRAM_API_URL", DefaultTelegramAPIURL), "/"),
		DatabaseURL:    get("DATABASE_URL", DefaultDatabaseURL),
		RedisURL:       get("REDIS_URL", DefaultRedisURL),
		RedisPrefix:    get("REDIS_PREFIX", "ledgerbot:"),
		WebhookURL:     get("WEBHOOK_URL", ""),
		WebhookSecret:  get("WEBHOOK_SECRET", ""),
		ListenAddr:     get("LISTEN_ADDR", DefaultListenAddr),
		LogLevel:       strings.ToLower(get("LOG_LEVEL", "info")),
		PprofAddr:      get("PPROF_ADDR", ""),
		AdminAddr:      AdminAddr(getenv),
		SandboxAddr:    get("SANDBOX_ADDR", DefaultSandboxAddr),
	}
	tz := get("LEDGERBOT_TZ", DefaultTimeZone)
	loc, err := time.LoadLocation(tz)
	if err != nil {
		errs = append(errs, fmt.Errorf("LEDGERBOT_TZ: unknown time zone %q", tz))
	}
	c.Location = loc
	if loc == nil {
		loc = time.UTC
	}
	c.Push = loadPush(get, loc, &errs)
	c.Intake = loadIntake(get, &errs)

	c.InviteTTL = duration(get, "INVITE_TTL", DefaultInviteTTL, &errs)
	c.ConversationTTL = duration(get, "CONVERSATION_TTL", DefaultConversationTTL, &errs)

	c.Workers = DefaultWorkers
	if v := get("WORKERS", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 256 {
			errs = append(errs, fmt.Errorf("WORKERS: want a whole number from 1 to 256, got %q", v))
		} else {
			c.Workers = n
		}
	}
	c.AutoMigrate = true
	if v := get("AUTO_MIGRATE", ""); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AUTO_MIGRATE: want true or false, got %q", v))
		}
		c.AutoMigrate = b
	}

	if err := checkDatabaseURL(c.DatabaseURL); err != nil {
		errs = append(errs, err)
	}
	if _, err := parseRedisURL(c.RedisURL); err != nil {
		errs = append(errs, err)
	}
	c.RedisTLS = loadRedisTLS(get, readFile, c.RedisURL, &errs)

	if _, err := url.ParseRequestURI(c.TelegramAPIURL); err != nil {
		errs = append(errs, fmt.Errorf("TELEGRAM_API_URL: not a URL: %q", c.TelegramAPIURL))
	}
	if c.WebhookURL != "" {
		u, err := url.ParseRequestURI(c.WebhookURL)
		if err != nil || u.Scheme != "https" && u.Scheme != "http" {
			errs = append(errs, fmt.Errorf("WEBHOOK_URL: not an http(s) URL: %q", c.WebhookURL))
		}
		if c.WebhookSecret == "" {
			errs = append(errs, errors.New("WEBHOOK_SECRET: required when WEBHOOK_URL is set"))
		}
	}
	if c.WebhookSecret != "" && !validSecret(c.WebhookSecret) {
		errs = append(errs, errors.New("WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and - only"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL: want debug, info, warn or error, got %q", c.LogLevel))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// RequireToken is checked by the commands that talk to Telegram.
func (c *Config) RequireToken() error {
	if c.TelegramToken == "" {
		return errors.New("TELEGRAM_TOKEN: required to run the bot (ask @BotFather for one)")
	}
	if !strings.Contains(c.TelegramToken, ":") {
		return errors.New("TELEGRAM_TOKEN: does not look like a bot token (want 123456:ABC...)")
	}
	return nil
}

func duration(get func(string, string) string, key string, def time.Duration, errs *[]error) time.Duration {
	v := get(key, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		*errs = append(*errs, fmt.Errorf("%s: want a positive duration such as 30m or 168h, got %q", key, v))
		return def
	}
	return d
}

// validSecret follows Telegram's rule for secret_token in setWebhook.
func validSecret(s string) bool {
	if len(s) > 256 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
		if !ok {
			return false
		}
	}
	return true
}
