package push

import (
	"context"
	"errors"

	tgbot "github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// Observer is told Telegram's answer to every send, for metrics: ok, 429,
// 5xx, 403 or other (400 and other refusals, network errors, timeouts,
// unreadable answers).
type Observer interface {
	Sent(result string)
}

// observe reports the outcome of one row's send. A row that never reached
// Telegram (its chat busy under our own limit, its share of the lease used
// up waiting, the sender stopping) is no answer of Telegram's, and is not
// reported.
func (p *Sender) observe(err error) {
	if p.cfg.Observer == nil {
		return
	}
	if r := sendResult(err); r != "" {
		p.cfg.Observer.Sent(r)
	}
}

// sendResult is the result label of a send's error; "" when no request was
// answered.
func sendResult(err error) string {
	var busy *chatBusy
	var tooMany *tgbot.TooManyRequestsError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &busy), errors.Is(err, errBudget), errors.Is(err, context.Canceled):
		return ""
	case errors.As(err, &tooMany):
		return "429"
	}
	switch telegram.Cause(err).Kind {
	case outbox.CauseServer:
		return "5xx"
	case outbox.CauseBlocked:
		return "403"
	}
	return "other"
}
