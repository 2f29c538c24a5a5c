package telegram

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// bufferedTransport sends each Bot API request body in one piece.
// go-telegram/bot streams its multipart form through a pipe, which the HTTP
// client sends with chunked encoding in many small writes; our requests are
// small (files go by file id), so reading the body first turns a dozen
// system calls per request into one and lets the server see a length.
type bufferedTransport struct{ next http.RoundTripper }

// RoundTrip reads the body into memory, then sends the request.
func (t bufferedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.ContentLength <= 0 {
		body, err := io.ReadAll(io.LimitReader(req.Body, 50<<20))
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		clone := req.Clone(req.Context())
		clone.Body = io.NopCloser(bytes.NewReader(body))
		clone.ContentLength = int64(len(body))
		clone.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		clone.TransferEncoding = nil
		req = clone
	}
	return t.next.RoundTrip(req)
}
