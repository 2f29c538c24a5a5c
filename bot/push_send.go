package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// markTimeout bounds the database write that records a send's outcome. It
// runs even when the Pusher is stopping: Telegram already answered, and an
// unrecorded answer means a duplicate or a lost failure.
const markTimeout = 10 * time.Second

// stopGrace is how long a send already in flight may finish after the
// Pusher was told to stop.
func stopGrace(lease time.Duration) time.Duration { return min(5*time.Second, lease/3) }

// errBudget ends a row's turn when its share of the lease ran out before it
// could be sent; the row goes back untouched.
var errBudget = errors.New("send budget of the lease used up")

// deliver sends one claimed row and records the outcome. deadline is when
// the row must be done with, well before its lease runs out.
func (p *Pusher) deliver(ctx context.Context, r outbox.Row, deadline time.Time) {
	log := p.log.With(slog.Int64("outbox_id", r.ID), slog.Int64("chat_id", r.ChatID), slog.String("kind", r.Kind))
	// Waiting for a slot stops with the Pusher; a request Telegram already
	// has gets a short grace to finish, so a deploy does not resend it.
	waitCtx, cancelWait := context.WithDeadline(ctx, deadline)
	defer cancelWait()
	sendCtx, cancelSend := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancelSend()
	grace := context.AfterFunc(ctx, func() { time.AfterFunc(stopGrace(p.cfg.Lease), cancelSend) })
	defer grace()
	msgID, sent, err := p.sendRow(waitCtx, sendCtx, r)
	mctx, mcancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer mcancel()
	if err == nil {
		if err := p.store.MarkSent(mctx, r.ID, msgID); err != nil {
			log.Error("mark message sent", slog.Any("error", err))
			return
		}
		log.Debug("message sent", slog.Int64("tg_message_id", msgID))
		return
	}
	var busy *chatBusy
	var tooMany *tgbot.TooManyRequestsError
	stopped := ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
	switch {
	case stopped && sent:
		// Stopped while Telegram had the message: it may have arrived, so
		// the row waits for its lease (at most this one is sent twice).
		log.Info("stopped mid-send; the row waits for its lease")
	case stopped || errors.Is(err, errBudget):
		p.record(log, "hand back message", p.store.Postpone(mctx, r.ID, 0))
	case errors.As(err, &busy):
		p.record(log, "postpone message", p.store.Postpone(mctx, r.ID, busy.after))
		p.kickAfter(busy.after)
	case errors.As(err, &tooMany):
		// Telegram asked us to hold this chat; it says nothing about the
		// message, so no attempt is counted.
		after := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		log.Warn("telegram paused the chat", slog.Duration("retry_after", after))
		p.record(log, "postpone message", p.store.Postpone(mctx, r.ID, after))
		p.record(log, "pause chat", p.store.PauseChat(mctx, r.ChatID, after))
		p.kickAfter(after)
	case errors.Is(err, tgbot.ErrorForbidden):
		log.Info("chat unreachable: the user blocked the bot or is gone", slog.Any("error", err))
		p.record(log, "mark chat unreachable", p.store.Unreachable(mctx, r.ChatID, err.Error()))
	case errors.Is(err, tgbot.ErrorBadRequest) || tgbot.IsMigrateError(err):
		log.Warn("telegram refused the message", slog.Any("error", err))
		p.record(log, "fail message", p.store.Fail(mctx, r.ID, err.Error()))
	case r.Attempts+1 >= p.cfg.MaxAttempts:
		log.Warn("message failed after retries", slog.Int("attempts", r.Attempts+1), slog.Any("error", err))
		p.record(log, "fail message", p.store.Fail(mctx, r.ID, err.Error()))
	default:
		after := backoff(p.cfg.Backoff, r.Attempts)
		log.Warn("send failed; retrying", slog.Int("attempts", r.Attempts+1), slog.Duration("after", after), slog.Any("error", err))
		p.record(log, "retry message", p.store.Retry(mctx, r.ID, after, err.Error()))
		p.kickAfter(after)
	}
}

// kickAfter wakes the claim loop when a postponed row is due again, a
// little late so that the database clock agrees it is due.
func (p *Pusher) kickAfter(d time.Duration) { time.AfterFunc(d+50*time.Millisecond, p.kick) }

// record logs a failure to record an outcome: the row then waits for its
// lease and is sent again.
func (p *Pusher) record(log *slog.Logger, action string, err error) {
	if err != nil {
		log.Error(action, slog.Any("error", err))
	}
}

// backoff is base doubled for each attempt already made, capped.
func backoff(base time.Duration, attempts int) time.Duration {
	d := base
	for range attempts {
		if d *= 2; d >= maxPushBackoff {
			return maxPushBackoff
		}
	}
	return d
}
