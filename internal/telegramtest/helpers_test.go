package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"testing"

	"github.com/go-telegram/bot"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

var alice = telegramtest.User{ID: 42, FirstName: "Alice", LastName: "Wang", Username: "alice_w", LanguageCode: "zh-hans"}

// newBot is the real go-telegram/bot client pointed at s.
func newBot(t *testing.T, s *telegramtest.Server) *bot.Bot {
	t.Helper()
	b, err := bot.New(telegramtest.Token, bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// apiResp is the Bot API envelope.
type apiResp struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// post sends body to a method and decodes the envelope.
func post(ctx context.Context, t *testing.T, s *telegramtest.Server, method, contentType string, body []byte) (int, apiResp, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+telegramtest.Token+"/"+method, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, apiResp{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	var r apiResp
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("response %q is not the API envelope: %v", raw, err)
	}
	return resp.StatusCode, r, nil
}

// getUpdates is a hand-written multipart getUpdates call, as the bot's intake
// makes it. allowed may be "" to leave allowed_updates out.
func getUpdates(ctx context.Context, t *testing.T, s *telegramtest.Server, offset int64, timeout, limit int, allowed string) (int, apiResp, []map[string]any, error) {
	t.Helper()
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	_ = form.WriteField("offset", strconv.FormatInt(offset, 10))
	_ = form.WriteField("timeout", strconv.Itoa(timeout))
	_ = form.WriteField("limit", strconv.Itoa(limit))
	if allowed != "" {
		_ = form.WriteField("allowed_updates", allowed)
	}
	_ = form.Close()
	status, r, err := post(ctx, t, s, "getUpdates", form.FormDataContentType(), body.Bytes())
	if err != nil || !r.OK {
		return status, r, nil, err
	}
	var ups []map[string]any
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatalf("getUpdates result %s is not an array of updates: %v", r.Result, err)
	}
	return status, r, ups, nil
}

// mustGetUpdates is getUpdates that expects success.
func mustGetUpdates(t *testing.T, s *telegramtest.Server, offset int64, timeout, limit int, allowed string) []map[string]any {
	t.Helper()
	status, r, ups, err := getUpdates(context.Background(), t, s, offset, timeout, limit, allowed)
	if err != nil || status != http.StatusOK || !r.OK {
		t.Fatalf("getUpdates: status %d, %+v, %v", status, r, err)
	}
	return ups
}

func updateID(t *testing.T, u map[string]any) int64 {
	t.Helper()
	id, ok := u["update_id"].(float64)
	if !ok {
		t.Fatalf("update without update_id: %v", u)
	}
	return int64(id)
}
