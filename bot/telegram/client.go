package telegram

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// Client is the Bot API client every room of the bot shares; it is
// go-telegram/bot's, named here so that the wiring outside bot/ need not
// import the library.
type Client = tgbot.Bot

// NewClient builds a Bot API client for token at apiURL (the official
// server, a self-hosted one or a test's fake) whose calls time out after
// timeout. It keeps up to 100 idle connections, since the default 2 would
// make concurrent workers open and close a connection per call, and sends
// each request body in one write (see bufferedTransport). It never calls
// getMe by itself.
func NewClient(token, apiURL string, timeout time.Duration, log *slog.Logger) (*Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 100
	tr.MaxIdleConnsPerHost = 100
	hc := &http.Client{Timeout: timeout, Transport: bufferedTransport{next: tr}}
	tg, err := tgbot.New(token, tgbot.WithServerURL(apiURL), tgbot.WithSkipGetMe(), tgbot.WithHTTPClient(timeout, hc),
		tgbot.WithErrorsHandler(func(err error) { log.Warn("telegram client", slog.Any("error", err)) }))
	if err != nil {
		return nil, fmt.Errorf("telegram client: %w", err)
	}
	return tg, nil
}
