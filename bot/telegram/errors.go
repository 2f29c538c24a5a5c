package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	tgbot "github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// ErrNoMessage is a success answer without the message it should carry.
var ErrNoMessage = errors.New("telegram answered without a message")

// Transient reports whether a Bot API call's error may pass if the call is
// made again later: Telegram unreachable, slow, overloaded (5xx), asking us
// to wait (429), or answering something unreadable. A refusal (400, 403,
// 401, 404, 409) repeats whatever we do.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	switch Cause(err).Kind {
	case outbox.CauseNetwork, outbox.CauseTimeout, outbox.CauseServer, outbox.CauseRateLimited, outbox.CauseBadAnswer:
		return true
	}
	return false
}

// telegramStatus reads the Bot API client's error for an answer it has no
// type for (5xx among them): "error response from telegram for method M,
// CODE DESCRIPTION".
var telegramStatus = regexp.MustCompile(`(?s)error response from telegram for method \w+, (\d{3})\s*(.*)$`)

// Cause sorts the error of a Bot API call into a short cause to store and
// show: what kind of failure, Telegram's code and Telegram's own
// description, never the Go error's text (a URL with the API host, a dial
// address).
func Cause(err error) outbox.Cause {
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
	case errors.Is(err, ErrNoMessage), errors.As(err, &syntax), errors.As(err, &decode):
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
