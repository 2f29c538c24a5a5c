package config

import (
	"fmt"
	"time"
)

// Defaults of Intake, listed again in README.md.
const (
	DefaultIntakeLease    = 10 * time.Second
	DefaultWebhookSettle  = 50 * time.Millisecond
	DefaultUpdateRetryFor = 2 * time.Minute
	DefaultShutdownGrace  = 10 * time.Second
	DefaultUpdatesKeep    = 7 * 24 * time.Hour
	DefaultOutboxKeep     = 30 * 24 * time.Hour
)

// Intake configures how updates are claimed, retried and drained.
type Intake struct {
	// Lease is how long a replica's claim on a chat lasts unrenewed: how
	// soon another replica takes over the chats of one that died.
	Lease time.Duration
	// WebhookSettle is how long a fresh webhook update waits for an earlier
	// one of its chat that Telegram may be delivering on another connection.
	WebhookSettle time.Duration
	// RetryFor is how long an update failing because PostgreSQL, Redis or
	// Telegram is unavailable is retried before the user is told it failed.
	RetryFor time.Duration
	// ShutdownGrace is how long SIGTERM lets updates and sends in flight finish.
	ShutdownGrace time.Duration
	// UpdatesRetention is how long processed updates (message texts, phone
	// numbers as Telegram sent them) are kept.
	UpdatesRetention time.Duration
	// OutboxRetention is how long the text of a sent message is kept; its
	// dedup key stays forever.
	OutboxRetention time.Duration
}

func loadIntake(get func(string, string) string, errs *[]error) Intake {
	in := Intake{
		Lease:         duration(get, "INTAKE_LEASE", DefaultIntakeLease, errs),
		RetryFor:      duration(get, "UPDATE_RETRY_FOR", DefaultUpdateRetryFor, errs),
		ShutdownGrace: duration(get, "SHUTDOWN_GRACE", DefaultShutdownGrace, errs),
		WebhookSettle: DefaultWebhookSettle,

		UpdatesRetention: duration(get, "UPDATES_RETENTION", DefaultUpdatesKeep, errs),
		OutboxRetention:  duration(get, "OUTBOX_RETENTION", DefaultOutboxKeep, errs),
	}
	if in.Lease < time.Second {
		*errs = append(*errs, fmt.Errorf("INTAKE_LEASE: want at least 1s, got %v", in.Lease))
	}
	if v := get("WEBHOOK_SETTLE", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 5*time.Second {
			*errs = append(*errs, fmt.Errorf("WEBHOOK_SETTLE: want a duration from 0 to 5s such as 100ms, got %q", v))
		} else {
			in.WebhookSettle = d
		}
	}
	return in
}
