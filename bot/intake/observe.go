package intake

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"
)

// Observer is told what happens to updates, for metrics. kind is the
// update's kind as Telegram names it (message, callback_query, or other).
type Observer interface {
	// UpdateReceived: Telegram delivered the update and Record stored it
	// (a redelivery of one already stored counts again).
	UpdateReceived(kind string)
	// UpdateHandled: the update was applied, took after its first attempt began.
	UpdateHandled(kind string, took time.Duration)
	// UpdateAttemptFailed: one attempt failed and the update is tried again,
	// or given up; transient says the failure was an outage.
	UpdateAttemptFailed(kind string, transient bool)
	// UpdateFailed: the update was given up for good, the user told.
	UpdateFailed(kind string)
}

// nobody is the Observer of an Intake built without one.
type nobody struct{}

func (nobody) UpdateReceived(string)               {}
func (nobody) UpdateHandled(string, time.Duration) {}
func (nobody) UpdateAttemptFailed(string, bool)    {}
func (nobody) UpdateFailed(string)                 {}

// Kind names an update's kind as Telegram does in allowed_updates.
func Kind(u *models.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.CallbackQuery != nil:
		return "callback_query"
	}
	return "other"
}

// progressed notes that the intake moved: a claim round or an update done.
func (in *Intake) progressed() { in.moved.Store(time.Now().UnixNano()) }

// Progress is when this process's intake last moved: its dispatcher
// finished a claim round (it does every second while a worker is free) or
// a worker finished an update, applied or given up. A readiness check
// reads it with the backlog: updates waiting long while Progress stands
// still means the intake is stuck, not merely busy. Zero before Run.
func (in *Intake) Progress() time.Time {
	if n := in.moved.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// Backlog is how many recorded updates wait to be handled, by any replica,
// and how long the oldest has waited since it was recorded (by the
// database's clock). It reads the pending updates' partial index, small
// while the intake keeps up, and is bounded by ctx when it does not.
func (in *Intake) Backlog(ctx context.Context) (pending int64, oldest time.Duration, err error) {
	var age float64
	if err := in.db.QueryRow(ctx, `SELECT count(*),
			coalesce(extract(epoch FROM now() - min(received_at)), 0)::float8
		FROM updates WHERE processed_at IS NULL`).Scan(&pending, &age); err != nil {
		return 0, 0, fmt.Errorf("intake: backlog: %w", err)
	}
	return pending, time.Duration(age * float64(time.Second)), nil
}
