package intake_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/bot/intake"
)

func TestTransientTellsOutagesFromFailuresThatRepeat(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"database restarting", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}, true},
		{"database cannot connect now", &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}, true},
		{"deadlock", &pgconn.PgError{Code: "40P01"}, true},
		{"connection refused", fmt.Errorf("look up staff: %w", dial), true},
		{"connection cut", fmt.Errorf("session: load: %w", io.ErrUnexpectedEOF), true},
		{"redis pool timeout", redis.ErrPoolTimeout, true},
		{"telegram 429", &tgbot.TooManyRequestsError{Message: "too many requests", RetryAfter: 3}, true},
		{"telegram 502", errors.New("sendMessage: error response from telegram for method sendMessage, 502 Bad Gateway"), true},
		{"deadline", fmt.Errorf("card: %w", context.DeadlineExceeded), true},
		{"missing table", &pgconn.PgError{Code: "42P01", Message: `relation "feedback" does not exist`}, false},
		{"NUL in text", &pgconn.PgError{Code: "22021", Message: "invalid byte sequence for encoding \"UTF8\": 0x00"}, false},
		{"telegram 400", fmt.Errorf("%w, Bad Request: message is too long", tgbot.ErrorBadRequest), false},
		{"a bug", errors.New("nil map"), false},
	}
	for _, c := range cases {
		if got := intake.Transient(c.err); got != c.want {
			t.Errorf("%s: Transient = %v, want %v", c.name, got, c.want)
		}
		cause := intake.Cause(c.err)
		for _, leak := range []string{"127.0.0.1", "http", "dial tcp", "/bot"} {
			if strings.Contains(cause, leak) {
				t.Errorf("%s: Cause %q shows %q", c.name, cause, leak)
			}
		}
		if cause == "" {
			t.Errorf("%s: no cause", c.name)
		}
	}
}
