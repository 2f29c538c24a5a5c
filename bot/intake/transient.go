package intake

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"regexp"
	"strings"
	"syscall"

	tgbot "github.com/go-telegram/bot"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"
)

// Transient reports whether err is an outage that may pass (PostgreSQL,
// Redis or Telegram unreachable, overloaded or restarting), as opposed to a
// failure that repeats whatever we do (a bug, data PostgreSQL refuses, a
// request Telegram refuses).
func Transient(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code[:2] {
		case "08", // connection exception
			"53", // insufficient resources
			"57", // operator intervention: shutting down, cannot connect now
			"58": // system error
			return true
		}
		switch pgErr.Code {
		case "40001", "40P01", "55P03": // serialization failure, deadlock, lock not available
			return true
		}
		return false
	}
	var tooMany *tgbot.TooManyRequestsError
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	var syntaxErr *json.SyntaxError // a proxy's HTML error page instead of the Bot API's JSON
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &tooMany),
		errors.As(err, &netErr),
		errors.As(err, &connectErr),
		errors.As(err, &syntaxErr),
		pgconn.Timeout(err),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrClosed):
		return true
	}
	if redisBusy(err) {
		return true
	}
	// go-telegram/bot reports a 5xx only as text.
	return telegram5xx.MatchString(err.Error())
}

var telegram5xx = regexp.MustCompile(`error response from telegram for method \w+, (5\d\d)`)

// redisBusy reports Redis's own "try again later" replies.
func redisBusy(err error) bool {
	var rerr redis.Error
	if !errors.As(err, &rerr) {
		return false
	}
	msg := rerr.Error()
	for _, p := range []string{"LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY", "CLUSTERDOWN"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// Cause is a short, safe description of err for operators' columns and
// screens: what failed, without the Go error chain, URLs or addresses.
func Cause(err error) string {
	var pgErr *pgconn.PgError
	var tooMany *tgbot.TooManyRequestsError
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pgErr):
		return "database: " + pgErr.Code + " " + clip(pgErr.Message, 160)
	case errors.As(err, &tooMany):
		return "Telegram: too many requests"
	case errors.Is(err, tgbot.ErrorForbidden):
		return "Telegram: forbidden (the user blocked the bot)"
	case errors.Is(err, tgbot.ErrorBadRequest):
		return "Telegram: bad request, " + clip(afterComma(err.Error(), "bad request, "), 160)
	case telegram5xx.MatchString(err.Error()):
		return "Telegram: server error " + telegram5xx.FindStringSubmatch(err.Error())[1]
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		return "timed out"
	case errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrClosed):
		return "Redis unavailable"
	case errors.As(err, &netErr), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, io.EOF):
		return "network: a service is unreachable"
	}
	var rerr redis.Error
	if errors.As(err, &rerr) {
		return "Redis: " + clip(rerr.Error(), 80)
	}
	return "internal error"
}

func afterComma(s, marker string) string {
	if _, rest, ok := strings.Cut(s, marker); ok {
		return rest
	}
	return s
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
