package reminder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// DefaultEscalateAfter is how long feedback may stay overdue, counted from
// the end of its due day, before the team's managers hear of it.
const DefaultEscalateAfter = 48 * time.Hour

// DefaultSnoozeDays is the snooze of the review reminder's button.
const DefaultSnoozeDays = 7

// ReviewsPerRecipient caps the review reminders one person gets in one run;
// a backlog goes out over the following runs, most important clients first.
const ReviewsPerRecipient = 10

// FollowUpLookback is how long after its date an open follow-up still gets
// its "overdue" reminder, so that an old backlog does not flood anyone on
// the first run.
const FollowUpLookback = 30

// enqueueBatch bounds the messages of one Enqueue round trip.
const enqueueBatch = 1000

// Reminder builds the reminders of the "reminders" and "escalation" jobs.
type Reminder struct {
	db            *pgxpool.Pool
	loc           *time.Location
	cadence       map[string]int
	escalateAfter time.Duration
	log           *slog.Logger
	// SnoozeDays is the snooze the bot applies for a review reminder's
	// callback.SnoozeReview button; the button says it. Set it to the
	// configured value.
	SnoozeDays int
}

// New returns a Reminder. loc is the team's zone (nil: UTC); cadence maps a
// tier to its review cadence in days, shown in review reminders (missing
// tiers: strategic 30, key 60, normal 90); escalateAfter is the delay past
// the end of the due day before overdue feedback reaches the managers
// (0 or less: DefaultEscalateAfter).
func New(db *pgxpool.Pool, loc *time.Location, cadence map[string]int, escalateAfter time.Duration, log *slog.Logger) *Reminder {
	if loc == nil {
		loc = time.UTC
	}
	if escalateAfter <= 0 {
		escalateAfter = DefaultEscalateAfter
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := map[string]int{"strategic": 30, "key": 60, "normal": 90}
	for tier, days := range cadence {
		if days > 0 {
			c[tier] = days
		}
	}
	return &Reminder{db: db, loc: loc, cadence: c, escalateAfter: escalateAfter, log: log, SnoozeDays: DefaultSnoozeDays}
}

// Run is the "reminders" job: Reviews, then FollowUps, as of at. Both run
// even when one fails; the count covers what was enqueued.
func (r *Reminder) Run(ctx context.Context, at time.Time) (int, error) {
	n1, err1 := r.Reviews(ctx, at)
	n2, err2 := r.FollowUps(ctx, at)
	r.log.Debug("reminders enqueued", slog.Int("reviews", n1), slog.Int("follow_ups", n2))
	return n1 + n2, errors.Join(err1, err2)
}

// today is at's calendar day in the team's zone, as a date.
func (r *Reminder) today(at time.Time) time.Time { return dates.Today(at, r.loc) }

// enqueue writes msgs in batches; each batch is one statement, so a failure
// leaves earlier batches in place, and a rerun adds only what is missing.
func enqueue(ctx context.Context, q outbox.Querier, msgs []outbox.Message) (int, error) {
	total := 0
	for len(msgs) > 0 {
		batch := msgs[:min(len(msgs), enqueueBatch)]
		msgs = msgs[len(batch):]
		n, err := outbox.Enqueue(ctx, q, batch...)
		total += n
		if err != nil {
			return total, fmt.Errorf("enqueue reminders: %w", err)
		}
	}
	return total, nil
}
