package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/sandbox"
)

// request makes a request to the web chat with the given Host and extra
// headers and returns its status.
func (w *web) request(method, path, host string, header http.Header, body io.Reader) int {
	w.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, w.srv.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// A page of another site the visitor opens must not act in the sandbox:
// neither by posting to it (CSRF, a simple request with no preflight) nor
// by re-pointing its own name at the sandbox's address (DNS rebinding).
func TestWebChatRefusesRequestsFromOtherSites(t *testing.T) {
	t.Parallel()
	w := newWeb(t)
	text := func() io.Reader { return strings.NewReader(`{"text":"/start"}`) }
	plain := http.Header{"Content-Type": {"text/plain"}}
	for _, tc := range []struct {
		name, method, path, host string
		header                   http.Header
		body                     io.Reader
		want                     int
	}{
		{"a cross-site form post", http.MethodPost, chatPath(zhang) + "/text", "",
			http.Header{"Content-Type": {"text/plain"}, "Sec-Fetch-Site": {"cross-site"}}, text(), http.StatusForbidden},
		{"an older browser's cross-origin post", http.MethodPost, chatPath(zhang) + "/text", "",
			http.Header{"Content-Type": {"text/plain"}, "Origin": {"http://evil.example"}}, text(), http.StatusForbidden},
		{"a cross-site fast-forward", http.MethodPost, "/api/clock", "",
			http.Header{"Sec-Fetch-Site": {"cross-site"}}, strings.NewReader(`{"date":"2026-11-26"}`), http.StatusForbidden},
		{"a rebound name posting as the same origin", http.MethodPost, chatPath(zhang) + "/text", "evil.example:8088",
			http.Header{"Content-Type": {"text/plain"}, "Sec-Fetch-Site": {"same-origin"}}, text(), http.StatusMisdirectedRequest},
		{"a rebound name reading a chat", http.MethodGet, chatPath(zhang), "evil.example:8088", nil, nil, http.StatusMisdirectedRequest},
		{"a rebound name reading the page", http.MethodGet, "/", "evil.example", nil, nil, http.StatusMisdirectedRequest},
		{"the page itself, as localhost", http.MethodPost, chatPath(zhang) + "/text", "localhost:8088",
			http.Header{"Content-Type": {"application/json"}, "Sec-Fetch-Site": {"same-origin"}}, text(), http.StatusAccepted},
		{"a script without a browser", http.MethodGet, chatPath(zhang), "", plain, nil, http.StatusOK},
	} {
		if got := w.request(tc.method, tc.path, tc.host, tc.header, tc.body); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}

	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	part, _ := form.CreateFormFile("file", "导入.csv")
	_, _ = part.Write([]byte("客户名称\n恶意客户\n"))
	_ = form.Close()
	if got := w.request(http.MethodPost, chatPath(sandbox.People[1])+"/document", "",
		http.Header{"Content-Type": {form.FormDataContentType()}, "Sec-Fetch-Site": {"cross-site"}}, &body); got != http.StatusForbidden {
		t.Errorf("a cross-site upload as the manager: %d, want 403", got)
	}
	if n := w.tg.Pending(); n != 1 {
		t.Errorf("%d updates queued for the bot, want only the page's own /start", n)
	}
	if len(w.days) != 0 {
		t.Errorf("the Forwarder ran for %v", w.days)
	}
}

func TestWebFastForwardGoesAtMostAYearAhead(t *testing.T) {
	t.Parallel()
	w := newWeb(t)
	var v struct {
		Clock struct {
			Max string `json:"max"`
		} `json:"clock"`
	}
	w.call(http.MethodGet, "/api/people", "", nil, &v)
	if v.Clock.Max != "2027-11-23" {
		t.Errorf("the page is told fast-forward goes up to %q, want 2027-11-23", v.Clock.Max)
	}
	for _, tc := range []struct {
		date string
		want int
	}{
		{"9999-12-31", http.StatusUnprocessableEntity},
		{"2027-11-24", http.StatusUnprocessableEntity},
		{"2027-11-23", http.StatusOK},
	} {
		b, _ := json.Marshal(map[string]string{"date": tc.date})
		var out struct {
			Error string `json:"error"`
		}
		r := w.call(http.MethodPost, "/api/clock", "application/json", bytes.NewReader(b), &out)
		if r.status != tc.want {
			t.Errorf("fast-forward to %s: %d, want %d", tc.date, r.status, tc.want)
		}
		if tc.want == http.StatusUnprocessableEntity && !strings.Contains(out.Error, "2027-11-23") {
			t.Errorf("fast-forward to %s is refused with %q, want the last day it may take", tc.date, out.Error)
		}
	}
	if len(w.days) != 1 || w.days[0] != "2027-11-23" {
		t.Errorf("the Forwarder ran for %v, want only the day a year on", w.days)
	}
}
