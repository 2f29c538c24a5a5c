package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	sbx "github.com/ledgerbot/ledgerbot/internal/sandbox"
)

// chromiumPath is Debian's chromium, which CI installs (.ci/run).
const chromiumPath = "/usr/bin/chromium"

// startSandbox runs the sandbox on its own schema and Redis prefix, from
// Monday 2026-11-23 09:30 in Shanghai, and returns the web chat's base URL
// once it answers.
func startSandbox(t *testing.T) string {
	t.Helper()
	pool := pgtest.New(t)
	rdb, prefix := redistest.New(t)
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "REDIS_PREFIX":
			return prefix
		case "ADMIN_ADDR":
			return "off" // tests run side by side; none owns the admin port
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	out := slog.Handler(slog.DiscardHandler)
	if testing.Verbose() {
		out = slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runSandbox(ctx, cfg, slog.New(out), pool, rdb, time.Date(2026, 11, 23, 9, 30, 0, 0, shanghai), ln, io.Discard)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("runSandbox: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("the sandbox did not stop")
		}
	})
	base := "http://" + ln.Addr().String()
	deadline := time.Now().Add(3 * time.Minute) // the seed takes a while on a busy machine
	for {
		select {
		case err := <-done:
			t.Fatalf("the sandbox stopped before it served: %v", err)
		default:
		}
		resp, err := http.Get(base + "/api/people")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sandbox did not answer at %s: %v", base, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// browser starts headless Chromium with a fresh profile and a phone's
// viewport. It fails, never skips, without Chromium: the sandbox's promise
// is that a browser can use it.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is required for the sandbox's browser test (apt-get install chromium): %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(390, 844),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2))); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// page drives the web chat in the browser.
type page struct {
	t    *testing.T
	ctx  context.Context
	shot string // where screenshots go; "" for none
}

// do runs actions, failing the test with what it was doing.
func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v\nthe chat:\n%s", what, err, p.chatText())
	}
}

// until waits for a JavaScript condition on the page.
func (p *page) until(what, js string) {
	p.t.Helper()
	p.do(what, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
}

// chatText is the chat as the visitor reads it, for failure messages.
func (p *page) chatText() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#messages li')].map(li => li.innerText).join('\n---\n')`))
	return s
}

// js quotes s as a JavaScript string.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// lastMessage is a JavaScript expression: the newest message holding text.
func lastMessage(text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll('#messages li.msg')].reverse().find(li => li.querySelector('.bubble').innerText.includes(%s))`, js(text))
}

// see waits for a message holding every part.
func (p *page) see(parts ...string) {
	p.t.Helper()
	conds := make([]string, len(parts))
	for i, s := range parts {
		conds[i] = fmt.Sprintf("li.querySelector('.bubble').innerText.includes(%s)", js(s))
	}
	p.until(fmt.Sprintf("a message with %q", parts),
		fmt.Sprintf(`[...document.querySelectorAll('#messages li.msg')].some(li => %s)`, strings.Join(conds, " && ")))
}

// press taps the inline button labelled label under the newest message
// holding text, once it is there.
func (p *page) press(text, label string) {
	p.t.Helper()
	p.until(fmt.Sprintf("press %q under %q", label, text), fmt.Sprintf(`(() => {
		const li = %s;
		const b = li && [...li.querySelectorAll('.inline button')].find(b => b.textContent.includes(%s));
		if (!b) return false;
		b.click();
		return true;
	})()`, lastMessage(text), js(label)))
}

// say types text and sends it.
func (p *page) say(text string) {
	p.t.Helper()
	p.do("say "+text, chromedp.SetValue(chromedp.CSS("#text"), text), chromedp.Click(chromedp.CSS("#send")))
}

// screenshot saves the viewport as docs/sandbox-NAME.png when asked to.
func (p *page) screenshot(name string) {
	p.t.Helper()
	if p.shot == "" {
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(p.shot, "sandbox-"+name+".png"), png, 0o644); err != nil { //nolint:gosec // docs images are public
		p.t.Fatal(err)
	}
}

// TestSandboxInChromium is the sandbox's tour as a visitor takes it: pick a
// salesperson, search a client, log a visit with buttons (the location from
// the reply keyboard), fast-forward to the follow-up day and see the
// reminder the reminders job sent. SANDBOX_SCREENSHOTS=docs (a folder,
// relative to this package: ../../docs) saves screenshots of the way.
func TestSandboxInChromium(t *testing.T) {
	t.Parallel()
	base := startSandbox(t)
	p := &page{t: t, ctx: browser(t)}
	if dir := os.Getenv("SANDBOX_SCREENSHOTS"); dir != "" {
		p.shot = dir
	}

	p.do("open the page", chromedp.Navigate(base+"/"))
	p.until("the people to pick from", `document.querySelectorAll('#people button').length === 5`)
	p.screenshot("people")
	p.do("become 张伟", chromedp.Click(chromedp.CSS(`#people button[data-id="710000003"]`)))
	p.until("the chat", `!document.getElementById('chat').hidden && document.getElementById('clock').textContent.startsWith('2026-11-23')`)
	// The command menu is the one the bot set with setMyCommands.
	p.until("the command menu", `[...document.querySelectorAll('#menu button b')].some(b => b.textContent === '/visit')`)

	p.say("恒信")
	p.press("找到 1 个客户", sbx.SearchClient)
	p.see(sbx.SearchClient, "赵敏", "采购经理")
	p.press(sbx.SearchClient, "记拜访")
	p.press("拜访方式", "上门拜访")
	p.see("请写下拜访内容")
	p.say("演示：客户确认二期报价，要求下周三前发合同。")
	p.press("结果和下一步", "跳过")
	p.press("下次跟进日期", "+3d")
	p.until("the reply keyboard's location button",
		`[...document.querySelectorAll('#keyboard button')].some(b => b.textContent.includes('发送位置'))`)
	p.screenshot("visit")
	p.do("share the location", chromedp.Click(chromedp.Search(`//div[@id="keyboard"]//button[contains(., "发送位置")]`)))
	p.see("📍")
	p.press("请确认拜访记录", "保存")
	p.see("已保存对", sbx.SearchClient, "2026-11-26")

	// Thursday is three days on: the reminders job reminds 张伟 of the
	// follow-up he promised.
	p.do("open fast-forward", chromedp.Click(chromedp.CSS("#ff-open")))
	p.do("pick Thursday", chromedp.SetValue(chromedp.CSS("#ff-date"), "2026-11-26"),
		chromedp.Click(chromedp.CSS(`#ff-form button[type="submit"]`)))
	p.until("the fast-forward's result", `document.getElementById('ff-result').dataset.done === '2026-11-26'`)
	p.until("the reminders job in the result", `document.getElementById('ff-result').textContent.includes('reminders')`)
	p.see("今日跟进", sbx.SearchClient, "演示：客户确认二期报价")
	p.do("close fast-forward", chromedp.Click(chromedp.CSS("#ff-open")))
	p.until("the clock on Thursday", `document.getElementById('clock').textContent.startsWith('2026-11-26')`)
	p.screenshot("reminder")

	// The manager sees the first morning's churn alerts and the digest's chart.
	p.do("back to the people", chromedp.Click(chromedp.CSS("#back")))
	p.do("become 李娜", chromedp.Click(chromedp.CSS(`#people button[data-id="710000002"]`)))
	p.see("流失预警", sbx.AtRiskClient)
	p.see("流失预警", sbx.OverdueClient, "逾期")
	p.until("a chart", `[...document.querySelectorAll('#messages .bubble img')].some(img => img.complete && img.naturalWidth > 0)`)
	p.until("the first alert in view", fmt.Sprintf(`(() => { const li = %s; li.scrollIntoView({block: 'start'}); return true; })()`,
		lastMessage(sbx.AtRiskClient)))
	p.screenshot("manager")
}

func TestSandboxCommandLineIsCheckedBeforeAnythingRuns(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	err := run(context.Background(), []string{"sandbox", "--date", "23.11.2026"}, func(string) string { return "" }, &out)
	if ue, ok := errors.AsType[*usageError](err); !ok || !strings.Contains(ue.msg, "--date") {
		t.Fatalf("a bad --date: %v, want a usage error naming it", err)
	}
	err = run(context.Background(), []string{"sandbox", "extra"}, func(string) string { return "" }, &out)
	if _, ok := errors.AsType[*usageError](err); !ok {
		t.Fatalf("an extra argument: %v, want a usage error", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"sandbox", "-h"}, func(string) string { return "" }, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("sandbox -h: %v", err)
	}
	if !strings.Contains(out.String(), "usage: ledgerbot sandbox") || !strings.Contains(out.String(), "SANDBOX_ADDR") {
		t.Errorf("sandbox -h printed %q", out.String())
	}
}
