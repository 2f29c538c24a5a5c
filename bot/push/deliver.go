package push

import (
	"context"
	"errors"
	"log/slog"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// markTimeout bounds the database write that records a send's outcome. It
// runs even when the Sender is stopping: Telegram already answered, and an
// unrecorded answer means a duplicate or a lost failure.
const markTimeout = 10 * time.Second

// stopGrace is how long a send already in flight may finish after the
// Sender was told to stop: the configured grace, but within a third of the
// lease, so the row is marked before another sender could take it over.
func stopGrace(grace, lease time.Duration) time.Duration { return min(grace, lease/3) }

// errBudget ends a row's turn when its share of the lease ran out before it
// could be sent; the row goes back untouched.
var errBudget = errors.New("send budget of the lease used up")

// deliver sends one claimed row and records the outcome. deadline is when
// the row must be done with, well before its lease runs out.
func (p *Sender) deliver(ctx context.Context, r outbox.Row, deadline time.Time) {
	log := p.log.With(slog.Int64("outbox_id", r.ID), slog.Int64("chat_id", r.ChatID), slog.String("kind", r.Kind))
	// Waiting for a slot stops with the Sender; a request Telegram already
	// has gets a short grace to finish, so a deploy does not resend it.
	waitCtx, cancelWait := context.WithDeadline(ctx, deadline)
	defer cancelWait()
	sendCtx, cancelSend := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancelSend()
	grace := context.AfterFunc(ctx, func() { time.AfterFunc(stopGrace(p.cfg.Grace, p.cfg.Lease), cancelSend) })
	defer grace()
	msgID, sent, err := p.sendRow(waitCtx, sendCtx, r)
	p.observe(err)
	mctx, mcancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer mcancel()
	lease := r.Lease()
	if err == nil {
		held, err := p.store.MarkSent(mctx, lease, msgID)
		if p.recorded(log, "mark message sent", held, err) {
			log.Debug("message sent", slog.Int64("tg_message_id", msgID))
		}
		return
	}
	var busy *chatBusy
	var tooMany *tgbot.TooManyRequestsError
	stopped := ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
	// The Go error (with the request's URL) goes to the log, once, here;
	// the row keeps only its short cause, which admins see in /jobs.
	cause := telegram.Cause(err)
	switch {
	case stopped && sent:
		// Stopped while Telegram had the message: it may have arrived, so
		// the row waits for its lease (at most this one is sent twice).
		log.Info("stopped mid-send; the row waits for its lease")
	case stopped || errors.Is(err, errBudget):
		held, err := p.store.Postpone(mctx, lease, 0)
		p.recorded(log, "hand back message", held, err)
	case errors.As(err, &busy):
		held, err := p.store.Postpone(mctx, lease, busy.after)
		p.recorded(log, "postpone message", held, err)
		p.kickAfter(busy.after)
	case errors.As(err, &tooMany):
		// Telegram asked us to hold this chat; it says nothing about the
		// message, so no attempt is counted.
		after := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		log.Warn("telegram paused the chat", slog.Duration("retry_after", after))
		held, err := p.store.Postpone(mctx, lease, after)
		p.recorded(log, "postpone message", held, err)
		if err := p.store.PauseChat(mctx, r.ChatID, after); err != nil {
			log.Error("pause chat", slog.Any("error", err))
		}
		p.kickAfter(after)
	case cause.Kind == outbox.CauseBlocked:
		log.Info("chat unreachable: the user blocked the bot or is gone", slog.String("cause", cause.String()), slog.Any("error", err))
		held, err := p.store.Unreachable(mctx, lease, cause)
		p.recorded(log, "mark chat unreachable", held, err)
	case cause.Kind == outbox.CauseBadRequest:
		log.Warn("telegram refused the message", slog.String("cause", cause.String()), slog.Any("error", err))
		held, err := p.store.Fail(mctx, lease, cause)
		p.recorded(log, "fail message", held, err)
	case r.Attempts+1 >= p.cfg.MaxAttempts:
		log.Warn("message failed after retries", slog.Int("attempts", r.Attempts+1), slog.String("cause", cause.String()), slog.Any("error", err))
		held, err := p.store.Fail(mctx, lease, cause)
		p.recorded(log, "fail message", held, err)
	default:
		after := backoff(p.cfg.Backoff, r.Attempts)
		log.Warn("send failed; retrying", slog.Int("attempts", r.Attempts+1), slog.Duration("after", after),
			slog.String("cause", cause.String()), slog.Any("error", err))
		held, err := p.store.Retry(mctx, lease, after, cause)
		p.recorded(log, "retry message", held, err)
		p.kickAfter(after)
	}
}

// kickAfter wakes the claim loop when a postponed row is due again, a
// little late so that the database clock agrees it is due.
func (p *Sender) kickAfter(d time.Duration) { time.AfterFunc(d+50*time.Millisecond, p.kick) }

// recorded reports whether a send's outcome was written. A write that
// failed is logged as an error: the row waits for its lease and is sent
// again. A lease lost is only noted: the stall outlived the lease, and the
// sender that claimed the row since does it over and records its outcome.
func (p *Sender) recorded(log *slog.Logger, action string, held bool, err error) bool {
	switch {
	case err != nil:
		log.Error(action, slog.Any("error", err))
		return false
	case !held:
		log.Info("lease lost before the outcome was recorded; another claim has the row", slog.String("action", action))
		return false
	}
	return true
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
