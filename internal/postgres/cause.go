package postgres

import (
	"context"
	"errors"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// Cause is a short description of err for operators' columns and screens:
// "database 42P01: relation "x" does not exist", "database unreachable",
// "timed out", or "internal error" for what it does not know, never the Go
// error chain with its hosts and addresses. The log keeps the whole error.
func Cause(err error) string {
	var pgErr *pgconn.PgError
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pgErr):
		return "database " + pgErr.Code + ": " + clip(pgErr.Message, 160)
	case errors.As(err, &connectErr):
		return "database unreachable"
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		return "timed out"
	case errors.As(err, &netErr):
		return "network: a service is unreachable"
	}
	return "internal error"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
