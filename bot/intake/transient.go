package intake

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
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
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &netErr),
		errors.As(err, &connectErr),
		pgconn.Timeout(err),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrClosed),
		redisBusy(err):
		return true
	}
	return telegram.Transient(err)
}

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

// Cause is a short, safe description of err for the updates table, which
// operators read: what failed, without the Go error chain, URLs or
// addresses. The log keeps the whole error.
func Cause(err error) string {
	var pgErr *pgconn.PgError
	var connectErr *pgconn.ConnectError
	var rerr redis.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pgErr), errors.As(err, &connectErr):
		return postgres.Cause(err)
	case errors.As(err, &rerr):
		return "redis: " + strings.Fields(rerr.Error() + " error")[0]
	case errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrClosed):
		return "redis unavailable"
	}
	if c := telegram.Cause(err); c.Kind != outbox.CauseOther {
		// Network and timeout causes of any service read the same; the
		// stored form names the kind ("network", "timeout", "server 502").
		return c.String()
	}
	return postgres.Cause(err)
}
