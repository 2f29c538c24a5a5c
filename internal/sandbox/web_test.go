package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/sandbox"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// zhang is the salesperson the tests chat as.
var zhang = sandbox.People[2]

// web is the web chat on a fresh emulator, with a Forwarder that records
// the days it is asked for.
type web struct {
	t    *testing.T
	tg   *telegramtest.Server
	srv  *httptest.Server
	days []string
}

func newWeb(t *testing.T) *web {
	t.Helper()
	w := &web{t: t, tg: telegramtest.New(t)}
	clock := sandbox.NewClock(monday)
	forward := func(_ context.Context, day time.Time) (sandbox.Forward, error) {
		if !day.After(clock.Now()) {
			return sandbox.Forward{}, sandbox.ErrPast
		}
		w.days = append(w.days, day.Format(time.DateOnly))
		clock.Set(day.Add(9*time.Hour + 30*time.Minute))
		return sandbox.Forward{Now: clock.Now(), Jobs: []sandbox.JobRun{{Name: "reminders", Period: "x", Enqueued: 2}}}, nil
	}
	w.srv = httptest.NewServer(sandbox.NewWeb(w.tg, clock, shanghai, forward, slog.New(slog.DiscardHandler)))
	t.Cleanup(w.srv.Close)
	return w
}

// reply is an answer of the web chat, read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// call makes a request to the web chat and decodes a JSON answer into out.
func (w *web) call(method, path, contentType string, body io.Reader, out any) reply {
	w.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, w.srv.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			w.t.Fatalf("%s %s: %s is not JSON: %v", method, path, raw, err)
		}
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: raw}
}

func (w *web) post(path string, body any) int {
	w.t.Helper()
	b, _ := json.Marshal(body)
	return w.call(http.MethodPost, path, "application/json", bytes.NewReader(b), nil).status
}

// botCall is a Bot API call as the bot makes it, answering the result.
func (w *web) botCall(method string, params url.Values) map[string]any {
	w.t.Helper()
	resp, err := http.PostForm(w.tg.URL()+"/bot"+telegramtest.Token+"/"+method, params)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		OK     bool           `json:"ok"`
		Result map[string]any `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || !env.OK {
		w.t.Fatalf("%s: %v %+v", method, err, env)
	}
	return env.Result
}

// chatView is the part of a chat's JSON the tests read.
type chatView struct {
	Rev      uint64 `json:"rev"`
	Messages []struct {
		ID       int64          `json:"id"`
		FromUser bool           `json:"from_user"`
		Kind     string         `json:"kind"`
		Spans    []sandbox.Span `json:"spans"`
		FileName string         `json:"file_name"`
		FileURL  string         `json:"file_url"`
		Buttons  [][]struct {
			Text string `json:"text"`
			Data string `json:"data"`
		} `json:"buttons"`
	} `json:"messages"`
	Clock struct {
		Today string `json:"today"`
	} `json:"clock"`
}

func (w *web) chat(path string) chatView {
	w.t.Helper()
	var v chatView
	if r := w.call(http.MethodGet, path, "", nil, &v); r.status != http.StatusOK {
		w.t.Fatalf("GET %s: %d", path, r.status)
	}
	return v
}

func chatPath(p sandbox.Person) string { return "/api/chats/" + strconv.FormatInt(p.TelegramID, 10) }

func TestWebChatSpeaksForTheSeededPeopleOnly(t *testing.T) {
	t.Parallel()
	w := newWeb(t)
	var people struct {
		People []sandbox.Person `json:"people"`
		Clock  struct {
			Today string `json:"today"`
		} `json:"clock"`
	}
	w.call(http.MethodGet, "/api/people", "", nil, &people)
	if len(people.People) != 5 || people.Clock.Today != "2026-11-23" {
		t.Fatalf("people = %+v", people)
	}
	if got := w.post(chatPath(zhang)+"/text", map[string]string{"text": "恒信"}); got != http.StatusAccepted {
		t.Fatalf("text: %d", got)
	}
	if got := w.post("/api/chats/42/text", map[string]string{"text": "hi"}); got != http.StatusNotFound {
		t.Errorf("text as a stranger: %d, want 404", got)
	}
	if got := w.post(chatPath(zhang)+"/text", map[string]string{"text": ""}); got != http.StatusBadRequest {
		t.Errorf("empty text: %d, want 400", got)
	}
	if got := w.post(chatPath(zhang)+"/location", map[string]float64{"latitude": 31.3, "longitude": 120.6}); got != http.StatusAccepted {
		t.Errorf("location: %d", got)
	}
	if got := w.post(chatPath(zhang)+"/location", map[string]float64{"latitude": 91, "longitude": 0}); got != http.StatusBadRequest {
		t.Errorf("a latitude of 91: %d, want 400", got)
	}
	if got := w.post(chatPath(zhang)+"/contact", struct{}{}); got != http.StatusAccepted {
		t.Errorf("contact: %d", got)
	}
	if n := w.tg.Pending(); n != 3 {
		t.Errorf("%d updates queued for the bot, want the text, the location and the contact", n)
	}
	v := w.chat(chatPath(zhang))
	if len(v.Messages) != 3 || !v.Messages[0].FromUser || v.Messages[0].Spans[0].Text != "恒信" || v.Messages[1].Kind != "location" || v.Messages[2].Kind != "contact" {
		t.Errorf("the chat shows %+v", v.Messages)
	}
}

func TestWebChatShowsTheBotsMarkupAsTextAndPressesOnlyItsButtons(t *testing.T) {
	t.Parallel()
	w := newWeb(t)
	page := w.call(http.MethodGet, "/", "", nil, nil)
	if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("the page's CSP is %q", csp)
	}
	if !bytes.Contains(page.body, []byte(`<script src="/app.js"`)) {
		t.Error("the page does not load its script")
	}
	// A client named like a script, escaped by the bot as it must be.
	msg := w.botCall("sendMessage", url.Values{"chat_id": {strconv.FormatInt(zhang.TelegramID, 10)}, "parse_mode": {"HTML"},
		"text":         {"🏢 <b>&lt;img src=x onerror=alert(1)&gt;</b>"},
		"reply_markup": {`{"inline_keyboard":[[{"text":"打开客户卡片","callback_data":"card:7"}]]}`}})
	v := w.chat(chatPath(zhang))
	if len(v.Messages) != 1 || len(v.Messages[0].Spans) != 2 {
		t.Fatalf("the chat shows %+v", v.Messages)
	}
	if sp := v.Messages[0].Spans[1]; sp.Text != "<img src=x onerror=alert(1)>" || !sp.Bold {
		t.Errorf("the name is shown as %+v, want the bold text it is", sp)
	}
	id := int64(msg["message_id"].(float64))
	if got := w.post(chatPath(zhang)+"/press", map[string]any{"message_id": id, "data": "card:8"}); got != http.StatusNotFound {
		t.Errorf("pressing data the bot never sent: %d, want 404", got)
	}
	if got := w.post(chatPath(sandbox.People[1])+"/press", map[string]any{"message_id": id, "data": "card:7"}); got != http.StatusNotFound {
		t.Errorf("pressing another person's button: %d, want 404", got)
	}
	if got := w.post(chatPath(zhang)+"/press", map[string]any{"message_id": id, "data": "card:7"}); got != http.StatusAccepted {
		t.Fatalf("press: %d", got)
	}
	if n := w.tg.Pending(); n != 1 {
		t.Errorf("%d updates queued, want the one callback query", n)
	}
}

func TestWebChatLongPollAnswersOnTheNextChange(t *testing.T) {
	t.Parallel()
	w := newWeb(t)
	v := w.chat(chatPath(zhang))
	got := make(chan chatView, 1)
	go func() {
		var next chatView
		w.call(http.MethodGet, chatPath(zhang)+"?since="+strconv.FormatUint(v.Rev, 10), "", nil, &next)
		got <- next
	}()
	w.botCall("sendMessage", url.Values{"chat_id": {strconv.FormatInt(zhang.TelegramID, 10)}, "text": {"📌 今日跟进"}})
	next := <-got
	if next.Rev <= v.Rev || len(next.Messages) != 1 || next.Messages[0].Spans[0].Text != "📌 今日跟进" {
		t.Fatalf("the long poll answered %+v", next)
	}
}

func TestWebChatCarriesDocumentsBothWays(t *testing.T) {
	t.Parallel()
	w := newWeb(t)
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	part, _ := form.CreateFormFile("file", "客户台账.csv")
	_, _ = part.Write([]byte("客户名称,负责人\n苏州恒信,张伟\n"))
	_ = form.Close()
	if r := w.call(http.MethodPost, chatPath(zhang)+"/document", form.FormDataContentType(), &body, nil); r.status != http.StatusAccepted {
		t.Fatalf("upload: %d", r.status)
	}
	v := w.chat(chatPath(zhang))
	if len(v.Messages) != 1 || v.Messages[0].Kind != "document" || v.Messages[0].FileName != "客户台账.csv" {
		t.Fatalf("after the upload the chat shows %+v", v.Messages)
	}
	if r := w.call(http.MethodGet, v.Messages[0].FileURL, "", nil, nil); r.status != http.StatusOK {
		t.Errorf("the uploaded file: %d", r.status)
	}

	// An export the bot sends is downloadable from the chat, not from another.
	var up bytes.Buffer
	mf := multipart.NewWriter(&up)
	_ = mf.WriteField("chat_id", strconv.FormatInt(zhang.TelegramID, 10))
	fp, _ := mf.CreateFormFile("document", "导出.xlsx")
	_, _ = fp.Write([]byte("PK\x03\x04 export"))
	_ = mf.Close()
	resp, err := http.Post(w.tg.URL()+"/bot"+telegramtest.Token+"/sendDocument", mf.FormDataContentType(), &up)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	v = w.chat(chatPath(zhang))
	exp := v.Messages[len(v.Messages)-1]
	if exp.FromUser || exp.FileName != "导出.xlsx" {
		t.Fatalf("the export shows as %+v", exp)
	}
	got := w.call(http.MethodGet, exp.FileURL, "", nil, nil)
	if got.status != http.StatusOK || string(got.body) != "PK\x03\x04 export" || !strings.HasPrefix(got.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %q %q", got.status, got.body, got.header.Get("Content-Disposition"))
	}
	other := strings.Replace(exp.FileURL, strconv.FormatInt(zhang.TelegramID, 10), strconv.FormatInt(sandbox.People[1].TelegramID, 10), 1)
	if r := w.call(http.MethodGet, other, "", nil, nil); r.status != http.StatusNotFound {
		t.Errorf("another person's download of the export: %d, want 404", r.status)
	}
}

func TestWebFastForwardMovesOnlyForward(t *testing.T) {
	t.Parallel()
	w := newWeb(t)
	for _, tc := range []struct {
		date string
		want int
	}{
		{"26.11.2026", http.StatusBadRequest},
		{"2026-11-22", http.StatusConflict},
		{"2026-11-26", http.StatusOK},
		{"2026-11-26", http.StatusConflict}, // it is that day already
	} {
		if got := w.post("/api/clock", map[string]string{"date": tc.date}); got != tc.want {
			t.Errorf("fast-forward to %s: %d, want %d", tc.date, got, tc.want)
		}
	}
	if len(w.days) != 1 || w.days[0] != "2026-11-26" {
		t.Errorf("the Forwarder ran for %v", w.days)
	}
	if v := w.chat(chatPath(zhang)); v.Clock.Today != "2026-11-26" {
		t.Errorf("after the fast-forward the chat's clock reads %s", v.Clock.Today)
	}
}
