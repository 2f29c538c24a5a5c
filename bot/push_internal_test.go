package bot

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
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

func TestBackoffDoublesPerAttemptUpToTenMinutes(t *testing.T) {
	t.Parallel()
	for attempts, want := range []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second} {
		if got := backoff(5*time.Second, attempts); got != want {
			t.Errorf("backoff after %d attempts = %v, want %v", attempts, got, want)
		}
	}
	if got := backoff(5*time.Second, 60); got != maxPushBackoff {
		t.Errorf("backoff after 60 attempts = %v, want the cap", got)
	}
}

func TestPartsOfPutButtonsOnTheLastPartOnly(t *testing.T) {
	t.Parallel()
	btn := [][]outbox.Button{{{Text: "知道了", Data: "ack:1"}}}
	cases := []struct {
		name string
		row  outbox.Row
		want []string // "photo+caption", "photo", "text"; "*" marks buttons
	}{
		{"short text", outbox.Row{Message: outbox.Message{Text: "hi", Buttons: btn}}, []string{"text*"}},
		{"no buttons", outbox.Row{Message: outbox.Message{Text: "hi"}}, []string{"text"}},
		{"long text", outbox.Row{Message: outbox.Message{Text: strings.Repeat("a\n", 3000), Buttons: btn}}, []string{"text", "text*"}},
		{"photo only", outbox.Row{Message: outbox.Message{Photo: []byte{1}, Buttons: btn}}, []string{"photo+caption*"}},
		{"photo caption", outbox.Row{Message: outbox.Message{Photo: []byte{1}, Text: "chart", Buttons: btn}}, []string{"photo+caption*"}},
		{"photo long caption", outbox.Row{Message: outbox.Message{Photo: []byte{1}, Text: strings.Repeat("字", 1025), Buttons: btn}}, []string{"photo", "text*"}},
	}
	for _, c := range cases {
		var got []string
		for _, p := range partsOf(c.row) {
			s := "text"
			if p.photo != nil {
				s = "photo"
				if p.text != "" || c.row.Text == "" {
					s = "photo+caption"
				}
			}
			if p.markup != nil {
				s += "*"
			}
			got = append(got, s)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: parts %v, want %v", c.name, got, c.want)
		}
	}
}

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
		{errNoMessage, "bad_answer"},
		{errors.New("something new"), "other"},
	}
	for _, tc := range cases {
		got := sendCause(tc.err).String()
		if got != tc.want {
			t.Errorf("sendCause(%q) = %q, want %q", tc.err, got, tc.want)
		}
		for _, leak := range []string{"http", "127.0.0.1", "dial", "/bot", "error do request"} {
			if strings.Contains(got, leak) {
				t.Errorf("cause %q of %q shows %q", got, tc.err, leak)
			}
		}
	}
}

func TestCauseTextNeverShowsTextThatIsNoCause(t *testing.T) {
	t.Parallel()
	legacy := `error do request for method sendMessage, Post "http://127.0.0.1:9/bot***/sendMessage": dial tcp 127.0.0.1:9: connect: connection refused`
	for _, tc := range []struct {
		l            lang
		stored, want string
	}{
		{en, "network", "Telegram unreachable (network)"},
		{zh, "network", "无法连接 Telegram（网络）"},
		{en, "bad_request 400: message text is empty", "bad request (400): message text is empty"},
		{zh, "server 502", "Telegram 服务器错误 502"},
		{en, legacy, "send failed (details in the log)"},
		{zh, "lease of host-1 expired mid-send", "发送失败（详情见日志）"},
	} {
		if got := causeText(tc.l, tc.stored); got != tc.want {
			t.Errorf("causeText(%s, %q) = %q, want %q", tc.l, tc.stored, got, tc.want)
		}
	}
}

func TestEveryScheduledJobHasATitleForAdmins(t *testing.T) {
	t.Parallel()
	for _, name := range config.JobNames {
		if p, ok := jobTitles[name]; !ok || p.zh == "" || p.en == "" {
			t.Errorf("job %q has no title in /jobs", name)
		}
	}
	if len(jobTitles) != len(config.JobNames) {
		t.Errorf("%d job titles for %d jobs", len(jobTitles), len(config.JobNames))
	}
}
