package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// ErrFileTooBig is a file larger than the caller's limit, or than the Bot
// API lets a bot download (20 MB): getFile refuses those itself.
var ErrFileTooBig = errors.New("telegram: file is too big to download")

// downloadTimeout bounds one file download; 20 MB over a slow link to
// Telegram's file server takes well under it.
const downloadTimeout = 2 * time.Minute

// downloads fetches files from Telegram's file server. The API client does
// not lend its own HTTP client, and a download needs a longer timeout than
// an API call anyway.
var downloads = &http.Client{Timeout: downloadTimeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}

// Download fetches the file fileID names: getFile for its path, then a GET
// of FileDownloadLink (the API server's /file/bot<token>/<path>, so a
// self-hosted or test server serves it too). It refuses a file over
// maxBytes before downloading it when Telegram tells the size, and stops
// reading past maxBytes when it does not, with ErrFileTooBig. name is the
// base name of the file's path on Telegram's server.
//
// Errors read like the API client's: a refusal is not Transient, while the
// file server unreachable or answering 5xx is, so an update that downloads
// is retried through an outage. No error quotes the link, which holds the
// token.
func Download(ctx context.Context, tg *Client, fileID string, maxBytes int64) (data []byte, name string, err error) {
	f, err := tg.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	switch {
	case err != nil && errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "too big"):
		return nil, "", fmt.Errorf("getFile: %w", ErrFileTooBig)
	case err != nil:
		return nil, "", fmt.Errorf("getFile: %w", err)
	case f.FilePath == "":
		return nil, "", fmt.Errorf("getFile: %w", ErrNoMessage)
	case f.FileSize > maxBytes:
		return nil, "", fmt.Errorf("getFile: %d bytes: %w", f.FileSize, ErrFileTooBig)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tg.FileDownloadLink(f), nil)
	if err != nil {
		return nil, "", fmt.Errorf("download file: %w", redact(err))
	}
	resp, err := downloads.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("download file: %w", redact(err))
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		// The form the API client gives statuses it has no type for, which
		// Cause reads: 5xx is a server failure, anything else a refusal.
		return nil, "", fmt.Errorf("error response from telegram for method downloadFile, %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if resp.ContentLength > maxBytes {
		return nil, "", fmt.Errorf("download file: %d bytes: %w", resp.ContentLength, ErrFileTooBig)
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("download file: %w", redact(err))
	}
	if int64(len(data)) > maxBytes {
		return nil, "", fmt.Errorf("download file: over %d bytes: %w", maxBytes, ErrFileTooBig)
	}
	return data, path.Base(f.FilePath), nil
}

// redact replaces the URL of a *url.Error, which holds the bot's token, and
// keeps the rest (its timeout, its cause) for Cause and Transient.
func redact(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	c := *ue
	c.URL = "telegram file"
	return &c
}
