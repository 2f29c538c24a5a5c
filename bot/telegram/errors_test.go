package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
)

func TestSendCauseSortsTheClientsErrorsIntoShortCauses(t *testing.T) {
	t.Parallel()
	dial := &url.Error{Op: "Post", URL: "http://127.0.0.1:9/bot***/sendMessage",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("error do request for method sendMessage, %w", dial), "network"},
		{fmt.Errorf("error do request for method sendMessage, %w", &url.Error{Op: "Post", URL: "http://x", Err: context.DeadlineExceeded}), "timeout"},
		{fmt.Errorf("error read response body for method sendMessage, %w", io.ErrUnexpectedEOF), "network"},
		{errors.New("error response from telegram for method sendMessage, 502 Bad Gateway"), "server 502"},
		{errors.New("error response from telegram for method sendPhoto, 500 Internal Server Error: try later"), "server 500: try later"},
		{&tgbot.TooManyRequestsError{Message: "too many requests, Too Many Requests: retry after 3", RetryAfter: 3}, "rate_limited 429: retry after 3"},
		{fmt.Errorf("%w, %s", tgbot.ErrorForbidden, "Forbidden: bot was blocked by the user"), "blocked 403: bot was blocked by the user"},
		{fmt.Errorf("%w, %s", tgbot.ErrorBadRequest, "Bad Request: message text is empty"), "bad_request 400: message text is empty"},
		{&tgbot.MigrateError{Message: "bad request: Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatID: -100},
			"bad_request 400: group chat was upgraded to a supergroup chat"},
		{fmt.Errorf("%w, %s", tgbot.ErrorUnauthorized, "Unauthorized"), "refused 401"},
		{fmt.Errorf("error decode response body for method sendMessage, <html>, %w", &json.SyntaxError{}), "bad_answer"},
		{ErrNoMessage, "bad_answer"},
		{errors.New("something new"), "other"},
	}
	for _, tc := range cases {
		got := Cause(tc.err).String()
		if got != tc.want {
			t.Errorf("Cause(%q) = %q, want %q", tc.err, got, tc.want)
		}
		for _, leak := range []string{"http", "127.0.0.1", "dial", "/bot", "error do request"} {
			if strings.Contains(got, leak) {
				t.Errorf("cause %q of %q shows %q", got, tc.err, leak)
			}
		}
	}
}
