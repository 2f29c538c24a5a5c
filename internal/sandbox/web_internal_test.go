package sandbox

import (
	"bytes"
	"context"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

var utcMonday = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func upload(t *testing.T, h http.Handler, p Person, name string, data []byte) int {
	t.Helper()
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	part, _ := form.CreateFormFile("file", name)
	_, _ = part.Write(data)
	_ = form.Close()
	req := httptest.NewRequest(http.MethodPost, "/api/chats/"+strconv.FormatInt(p.TelegramID, 10)+"/document", &body)
	req.Header.Set("Content-Type", form.FormDataContentType())
	req.Host = "127.0.0.1:8088"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// The emulator keeps every file a visitor sends for as long as the sandbox
// runs, so what they may send altogether is bounded.
func TestWebChatBoundsWhatUploadsHoldAltogether(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	w := NewWeb(tg, NewClock(utcMonday), time.UTC, nil, slog.New(slog.DiscardHandler))
	w.maxStored = 10
	if got := upload(t, w, People[1], "a.csv", []byte("客户\n")); got != http.StatusAccepted {
		t.Fatalf("a first small file: %d", got)
	}
	if got := upload(t, w, People[2], "b.csv", []byte("客户\n")); got != http.StatusInsufficientStorage {
		t.Errorf("a file past the bound: %d, want 507", got)
	}
	w.maxStored = maxStored
	if got := upload(t, w, People[1], "big.xlsx", make([]byte, maxUpload+2<<20)); got != http.StatusRequestEntityTooLarge {
		t.Errorf("a file past maxUpload: %d, want 413", got)
	}
	if n := tg.Pending(); n != 1 {
		t.Errorf("%d documents reached the bot, want the first only", n)
	}
}

// chromiumPath is Debian's chromium, which CI installs (.ci/run).
const chromiumPath = "/usr/bin/chromium"

// browserOn starts headless Chromium with a fresh profile, a phone's
// viewport, on the web chat h serves, and returns it with the chat's base
// URL. It fails, never skips, without Chromium.
func browserOn(t *testing.T, h http.Handler) (context.Context, string) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is required for the page's browser tests (apt-get install chromium): %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(390, 844))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first run starts the browser, which lives as long as its context:
	// ctx, not one of the timeouts of the steps.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx, srv.URL
}

// step runs browser actions, failing the test with what it was doing.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// until waits for a JavaScript condition on the page.
func until(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	step(t, ctx, what, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(50*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
}

func chatURL(base string, p Person) string { return base + "/#" + strconv.FormatInt(p.TelegramID, 10) }

// A chat the visitor leaves must not keep its long poll open: a browser
// holds six connections to a host, and polls left to run out would make
// the next chat's requests wait behind them.
func TestPageEndsTheLongPollOfAChatItLeaves(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	w := NewWeb(tg, NewClock(utcMonday), time.UTC, nil, slog.New(slog.DiscardHandler))
	w.poll = time.Hour // a poll the page left open stays open
	var open, started atomic.Int64
	ctx, base := browserOn(t, http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("since") {
			started.Add(1)
			open.Add(1)
			defer open.Add(-1)
		}
		w.ServeHTTP(rw, r)
	}))
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d long polls open, %d started", what, open.Load(), started.Load())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	step(t, ctx, "open the chat", chromedp.Navigate(chatURL(base, People[2])))
	waitFor("the chat's long poll", func() bool { return open.Load() == 1 })
	// Eight chats visited in turn: more than the browser's connections.
	for i := range 8 {
		p := People[i%len(People)]
		n := started.Load()
		step(t, ctx, "open "+p.Name+"'s chat", chromedp.Evaluate[chromedp.Void](`location.hash = '#`+strconv.FormatInt(p.TelegramID, 10)+`'`))
		waitFor(p.Name+"'s long poll", func() bool { return started.Load() > n })
	}
	waitFor("only the open chat's long poll", func() bool { return open.Load() == 1 })
}

// Every control has a name a screen reader can say, and the bot's new
// message is read out alone, not the whole chat again.
func TestPageIsNamedForScreenReaders(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	w := NewWeb(tg, NewClock(utcMonday), time.UTC, nil, slog.New(slog.DiscardHandler))
	ctx, base := browserOn(t, w)
	chat := strconv.FormatInt(People[2].TelegramID, 10)
	send := func(text string) {
		t.Helper()
		resp, err := http.PostForm(tg.URL()+"/bot"+telegramtest.Token+"/sendMessage", url.Values{"chat_id": {chat}, "text": {text},
			"reply_markup": {`{"inline_keyboard":[[{"text":"打开客户卡片","callback_data":"card:7"}]]}`}})
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	send("🏢 苏州恒信精密机械有限公司")
	step(t, ctx, "open the chat", chromedp.Navigate(chatURL(base, People[2])))
	until(t, ctx, "the first message", `document.querySelectorAll('#messages li.msg').length === 1`)
	unnamed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button, input, select, textarea')]
		.filter((e) => !e.hidden && e.type !== 'file')
		.filter((e) => !((e.getAttribute('aria-label') || '').trim() || (e.type !== 'text' && e.type !== 'date' && e.textContent.trim())
			|| (e.id && document.querySelector('label[for="' + e.id + '"]'))))
		.map((e) => e.outerHTML.slice(0, 80))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(unnamed) > 0 {
		t.Errorf("controls without a name: %q", unnamed)
	}
	if live, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('messages').getAttribute('aria-live') || ''`)); live != "" {
		t.Errorf("the chat's list is a live region (%q): each redraw would be read out whole", live)
	}
	send("📌 今日跟进")
	until(t, ctx, "the new message read out", `document.getElementById('announce')?.textContent === '📌 今日跟进'`)
}

// A fast-forward runs its day to the end even when the page that asked for
// it goes away (a closed tab, a reload) while the jobs run.
func TestWebFastForwardRunsItsDayToTheEndWithoutThePage(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	entered, release := make(chan struct{}), make(chan struct{})
	ended := make(chan error, 1)
	forward := func(ctx context.Context, day time.Time) (Forward, error) {
		close(entered)
		<-release
		ended <- ctx.Err()
		return Forward{Now: day}, nil
	}
	w := NewWeb(tg, NewClock(utcMonday), time.UTC, forward, slog.New(slog.DiscardHandler))
	gone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		go func() {
			<-r.Context().Done() // the server saw the page go
			close(gone)
		}()
		w.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/clock", strings.NewReader(`{"date":"2026-11-26"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-entered
	cancel()
	<-done
	<-gone
	close(release)
	if err := <-ended; err != nil {
		t.Errorf("the day's jobs ran on a context that ended with the page: %v", err)
	}
}
