package bot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
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
	cause := sendCause(err)
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
func (p *Pusher) kickAfter(d time.Duration) { time.AfterFunc(d+50*time.Millisecond, p.kick) }

// recorded reports whether a send's outcome was written. A write that
// failed is logged as an error: the row waits for its lease and is sent
// again. A lease lost is only noted: the stall outlived the lease, and the
// sender that claimed the row since does it over and records its outcome.
func (p *Pusher) recorded(log *slog.Logger, action string, held bool, err error) bool {
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

// errNoMessage is a success answer without the message it should carry.
var errNoMessage = errors.New("telegram answered without a message")

// telegramStatus reads the Bot API client's error for an answer it has no
// type for (5xx among them): "error response from telegram for method M,
// CODE DESCRIPTION".
var telegramStatus = regexp.MustCompile(`(?s)error response from telegram for method \w+, (\d{3})\s*(.*)$`)

// sendCause sorts a send's error into the short cause the row keeps: what
// kind of failure, Telegram's code and Telegram's own description, never
// the Go error's text (a URL with the API host, a dial address).
func sendCause(err error) outbox.Cause {
	var tooMany *tgbot.TooManyRequestsError
	var migrate *tgbot.MigrateError
	var urlErr *url.Error
	var syntax *json.SyntaxError
	var decode *json.UnmarshalTypeError
	refusals := []struct {
		sentinel error
		kind     outbox.CauseKind
		code     int
	}{
		{tgbot.ErrorForbidden, outbox.CauseBlocked, http.StatusForbidden},
		{tgbot.ErrorBadRequest, outbox.CauseBadRequest, http.StatusBadRequest},
		{tgbot.ErrorUnauthorized, outbox.CauseRefused, http.StatusUnauthorized},
		{tgbot.ErrorNotFound, outbox.CauseRefused, http.StatusNotFound},
		{tgbot.ErrorConflict, outbox.CauseRefused, http.StatusConflict},
	}
	switch {
	case errors.As(err, &tooMany):
		return outbox.Cause{Kind: outbox.CauseRateLimited, Code: http.StatusTooManyRequests,
			Detail: description(http.StatusTooManyRequests, after(tooMany.Message, tgbot.ErrorTooManyRequests.Error()+", "))}
	case errors.As(err, &migrate):
		return outbox.Cause{Kind: outbox.CauseBadRequest, Code: http.StatusBadRequest,
			Detail: description(http.StatusBadRequest, after(migrate.Message, tgbot.ErrorBadRequest.Error()+": "))}
	}
	for _, r := range refusals {
		if errors.Is(err, r.sentinel) {
			return outbox.Cause{Kind: r.kind, Code: r.code, Detail: description(r.code, after(err.Error(), r.sentinel.Error()+", "))}
		}
	}
	if m := telegramStatus.FindStringSubmatch(err.Error()); m != nil {
		code, _ := strconv.Atoi(m[1])
		kind := outbox.CauseRefused
		if code >= 500 {
			kind = outbox.CauseServer
		}
		return outbox.Cause{Kind: kind, Code: code, Detail: description(code, m[2])}
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &urlErr) && urlErr.Timeout():
		return outbox.Cause{Kind: outbox.CauseTimeout}
	case errors.As(err, &urlErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return outbox.Cause{Kind: outbox.CauseNetwork}
	case errors.Is(err, errNoMessage), errors.As(err, &syntax), errors.As(err, &decode):
		return outbox.Cause{Kind: outbox.CauseBadAnswer}
	}
	return outbox.Cause{Kind: outbox.CauseOther}
}

// after is what follows prefix in s, or s when prefix is not there.
func after(s, prefix string) string {
	if _, rest, ok := strings.Cut(s, prefix); ok {
		return rest
	}
	return s
}

// description is Telegram's description without the status text it
// repeats ("Bad Request: can't parse entities" keeps "can't parse
// entities"; "Bad Gateway" alone keeps nothing).
func description(code int, d string) string {
	d = strings.TrimSpace(d)
	status := http.StatusText(code)
	if strings.EqualFold(d, status) {
		return ""
	}
	if len(d) > len(status)+1 && strings.EqualFold(d[:len(status)], status) && d[len(status)] == ':' {
		return strings.TrimSpace(d[len(status)+1:])
	}
	return d
}
