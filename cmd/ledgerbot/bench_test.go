package main

// Benchmarks of the whole update pipeline. They are not run by the test
// command; docs/PERFORMANCE.md gives the commands and the figures.
//
//	go test -run '^$' -bench 'Pipeline|Echo' -benchtime 20000x ./cmd/ledgerbot/
//	BENCH_WEBHOOK_REPLICAS=2 go test -run '^$' -bench Pipeline -benchtime 20000x ./cmd/ledgerbot/
//
// b.N is the number of updates driven. Simulated salespeople work in a
// closed loop: each sends its next update once the previous one is handled.
// With BENCH_WEBHOOK_REPLICAS=n the bot runs as n processes in webhook mode
// and each update is posted to the next replica in turn, as a load balancer
// in front of them would; otherwise one process polls.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/metrics/metricstest"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// benchUsers is how many salespeople work at once (BENCH_USERS, default 50).
func benchUsers() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_USERS")); err == nil && n > 0 {
		return n
	}
	return 50
}

// latencies collects per-update handling times.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) { l.mu.Lock(); l.d = append(l.d, d); l.mu.Unlock() }

func (l *latencies) report(b *testing.B, elapsed time.Duration) {
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	q := func(p float64) float64 {
		if len(l.d) == 0 {
			return 0
		}
		return float64(l.d[int(p*float64(len(l.d)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(l.d))/elapsed.Seconds(), "updates/s")
	b.ReportMetric(q(0.50), "p50_ms")
	b.ReportMetric(q(0.99), "p99_ms")
	b.ReportMetric(q(1), "max_ms")
	b.ReportMetric(0, "ns/op")
}

// doneWatcher learns when the bot finished each update from its debug log
// line "update handled", read from the bot process's stderr.
type doneWatcher struct {
	mu      sync.Mutex
	waiting map[int64]chan time.Time
	early   map[int64]time.Time
	buf     []byte
}

func newDoneWatcher() *doneWatcher {
	return &doneWatcher{waiting: map[int64]chan time.Time{}, early: map[int64]time.Time{}}
}

func (w *doneWatcher) wait(id int64) time.Time {
	ch := make(chan time.Time, 1)
	w.mu.Lock()
	if t, ok := w.early[id]; ok {
		delete(w.early, id)
		w.mu.Unlock()
		return t
	}
	w.waiting[id] = ch
	w.mu.Unlock()
	select {
	case t := <-ch:
		return t
	case <-time.After(30 * time.Second):
		panic(fmt.Sprintf("update %d not handled within 30s", id))
	}
}

// Write takes JSON log lines of one process; stream gives each further
// process a writer of its own, so two processes' lines never interleave.
func (w *doneWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = w.lines(w.buf, p)
	return len(p), nil
}

// stream is a Write of its own for one more process's log.
func (w *doneWatcher) stream() io.Writer { return &doneStream{w: w} }

type doneStream struct {
	w   *doneWatcher
	buf []byte
}

func (d *doneStream) Write(p []byte) (int, error) {
	d.w.mu.Lock()
	defer d.w.mu.Unlock()
	d.buf = d.w.lines(d.buf, p)
	return len(p), nil
}

// lines reads the complete lines of buf+p and returns what is left; w.mu is held.
func (w *doneWatcher) lines(buf, p []byte) []byte {
	now := time.Now()
	buf = append(buf, p...)
	for {
		nl := bytes.IndexByte(buf, '\n')
		if nl < 0 {
			return buf
		}
		line := buf[:nl]
		buf = buf[nl+1:]
		var rec struct {
			Msg      string `json:"msg"`
			UpdateID int64  `json:"update_id"`
		}
		if json.Unmarshal(line, &rec) != nil || rec.Msg != "update handled" {
			continue
		}
		if ch, ok := w.waiting[rec.UpdateID]; ok {
			ch <- now
			delete(w.waiting, rec.UpdateID)
		} else {
			w.early[rec.UpdateID] = now
		}
	}
}

// BenchmarkPipeline drives the real ledgerbot binary (polling the fake Bot
// API, PostgreSQL, Redis) with a salesperson's mix: 40% searches, 30% client
// cards, 30% steps of the guided visit flow. It reports updates/s, handling
// latency (update queued at the Bot API until the bot marked it done) and the
// bot process's resident memory idle and at the end of the load.
func BenchmarkPipeline(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tg := telegramtest.New(b)
	pool := pgtest.New(b)
	_, prefix := redistest.New(b)
	now := time.Now
	loc, _ := time.LoadLocation("Asia/Shanghai")
	st := staff.NewStore(pool, now, time.Hour)
	cs := client.NewStore(pool, now, loc)
	team, err := st.EnsureTeam(ctx, "Bench")
	if err != nil {
		b.Fatal(err)
	}
	users := make([]telegramtest.User, benchUsers())
	var owner access.Actor
	for i := range users {
		users[i] = telegramtest.User{ID: int64(10_000 + i), FirstName: fmt.Sprintf("Sales%d", i), LanguageCode: "en"}
		code, _, err := st.CreateInvite(ctx, nil, access.Sales, team.ID)
		if err != nil {
			b.Fatal(err)
		}
		m, err := st.Redeem(ctx, code, staff.TelegramUser{ID: users[i].ID, Name: users[i].FirstName, LanguageCode: "en"})
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			owner = m.Actor()
		}
	}
	names := benchNames(2000)
	ids := make([]int64, len(names))
	for i, n := range names {
		c, _, err := cs.Create(ctx, owner, client.Draft{Name: n, Tier: "key", Stage: "active"}, 0)
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = c.ID
	}

	var schema string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		b.Fatal(err)
	}
	w := newDoneWatcher()
	pid := os.Getpid()
	var hooks []string  // the replicas' webhook endpoints; none when polling
	var admins []string // the processes' admin servers, scraped at the end
	if os.Getenv("BENCH_INPROC") != "" {
		// For profiling: the bot runs inside the benchmark process.
		rdb, _ := redistest.New(b)
		cfg, _ := config.Load(func(k string) string {
			return map[string]string{"TELEGRAM_TOKEN": telegramtest.Token, "TELEGRAM_API_URL": tg.URL(), "REDIS_PREFIX": prefix,
				"ADMIN_ADDR": "off"}[k]
		})
		go func() {
			_ = serveWith(ctx, cfg, slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})), pool, rdb, now)
		}()
	} else if n, _ := strconv.Atoi(os.Getenv("BENCH_WEBHOOK_REPLICAS")); n > 0 {
		for i := range n {
			addr, admin := freeAddr(b), freeAddr(b)
			hooks = append(hooks, "http://"+addr+"/")
			admins = append(admins, admin)
			p := startBinary(ctx, b, tg, schema, prefix, w.stream(), "WEBHOOK_URL=https://bench.example.com/hook",
				"WEBHOOK_SECRET="+hookSecret, "LISTEN_ADDR="+addr, "ADMIN_ADDR="+admin)
			if i == 0 {
				pid = p
			}
		}
	} else {
		admins = append(admins, freeAddr(b))
		pid = startBinary(ctx, b, tg, schema, prefix, w, "ADMIN_ADDR="+admins[0])
	}
	if hooks == nil {
		tg.WaitFor(b, 20*time.Second, func(c telegramtest.Call) bool { return c.Method == "deleteWebhook" })
	} else {
		tg.WaitFor(b, 20*time.Second, func(c telegramtest.Call) bool { return c.Method == "setWebhook" })
	}
	time.Sleep(time.Second)
	idle := rssMB(pid)

	lat := &latencies{}
	queries := []string{"华为", "科技", "hwkj", "bench", "贸易", "zhongxin", "13800", "acme tradng"}
	var mu sync.Mutex
	left := b.N
	take := func(n int) bool {
		mu.Lock()
		defer mu.Unlock()
		if left <= 0 {
			return false
		}
		left -= n
		return true
	}
	var turn, sent atomic.Int64
	send := func(push func() int64) {
		sent.Add(1)
		start := time.Now()
		id := push()
		if hooks != nil {
			upd, ok := tg.TakeUpdate(id)
			if !ok {
				panic(fmt.Sprintf("update %d not queued", id))
			}
			hook := hooks[int(turn.Add(1))%len(hooks)]
			if code, err := telegramtest.PostUpdate(ctx, hook, hookSecret, upd); err != nil || code != 200 {
				panic(fmt.Sprintf("webhook answered %d, %v", code, err))
			}
		}
		done := w.wait(id)
		lat.add(done.Sub(start))
	}
	b.ResetTimer()
	begin := time.Now()
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(u.ID), 7)) //nolint:gosec // G115: the fake users' ids are positive
			for {
				switch p := rng.IntN(10); {
				case p < 4:
					if !take(1) {
						return
					}
					send(func() int64 { return tg.SendText(u, queries[rng.IntN(len(queries))]) })
				case p < 7:
					if !take(1) {
						return
					}
					send(func() int64 {
						return tg.PressButton(u, lastID(tg, u), "c:"+strconv.FormatInt(ids[rng.IntN(len(ids))], 10))
					})
				default:
					if !take(7) {
						return
					}
					benchVisit(tg, u, ids[rng.IntN(len(ids))], send)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	b.StopTimer()
	lat.report(b, elapsed)
	b.ReportMetric(idle, "rss_idle_MB")
	b.ReportMetric(rssMB(pid), "rss_load_MB")
	checkPipelineMetrics(b, admins, sent.Load())
}

// checkPipelineMetrics scrapes each process's /metrics, as Prometheus
// would, and fails the benchmark unless together they counted every update
// sent as handled and none as failed; the handling latency's mean goes into
// the benchmark's figures. Nothing to scrape when the bot ran in process.
func checkPipelineMetrics(b *testing.B, admins []string, sent int64) {
	if len(admins) == 0 {
		return
	}
	var handled, failed, sum, count float64
	for _, a := range admins {
		fams := metricstest.Scrape(b, "http://"+a+"/metrics")
		h, _ := fams.Value("ledgerbot_updates_handled_total")
		f, _ := fams.Value("ledgerbot_updates_failed_total")
		handled, failed = handled+h, failed+f
		if mf := fams["ledgerbot_update_handling_duration_seconds"]; mf != nil {
			for _, m := range mf.GetMetric() {
				sum += m.GetHistogram().GetSampleSum()
				count += float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	if int64(handled) < sent || failed != 0 {
		b.Fatalf("the metrics counted %.0f updates handled and %.0f failed; %d were sent and answered", handled, failed, sent)
	}
	b.ReportMetric(handled, "updates_handled")
	if count > 0 {
		b.ReportMetric(sum/count*1000, "handling_ms_mean")
	}
}

// benchVisit walks the guided visit flow, 7 updates, reading each screen's
// buttons as a user would.
func benchVisit(tg *telegramtest.Server, u telegramtest.User, clientID int64, send func(func() int64)) {
	press := func(label string) {
		m, _ := tg.LastMessage(u.ID)
		for _, row := range m.Inline {
			for _, bt := range row {
				if strings.Contains(bt.Text, label) {
					send(func() int64 { return tg.PressButton(u, m.ID, bt.Data) })
					return
				}
			}
		}
		panic(fmt.Sprintf("no button %q on %q", label, m.Text))
	}
	send(func() int64 { return tg.PressButton(u, lastID(tg, u), "v:"+strconv.FormatInt(clientID, 10)) })
	press("phone")
	send(func() int64 { return tg.SendText(u, "Discussed the renewal; they want a volume discount.") })
	press("Skip")
	press("No follow-up")
	send(func() int64 { return tg.SendText(u, "Skip") })
	press("Save")
}

// lastID is the message a user presses a card's button on: the newest one.
func lastID(tg *telegramtest.Server, u telegramtest.User) int64 {
	if m, ok := tg.LastMessage(u.ID); ok {
		return m.ID
	}
	return 1
}

// BenchmarkEchoBaseline is the floor to compare with: go-telegram/bot's own
// polling with a handler that only echoes the text, against the same fake
// server, same closed-loop users.
func BenchmarkEchoBaseline(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tg := telegramtest.New(b)
	var mu sync.Mutex
	waiting := map[int64]chan time.Time{}
	echo := func(ctx context.Context, bt *tgbot.Bot, u *models.Update) {
		if u.Message != nil {
			_, _ = bt.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
		}
		mu.Lock()
		if ch, ok := waiting[u.ID]; ok {
			ch <- time.Now()
			delete(waiting, u.ID)
		}
		mu.Unlock()
	}
	bt, err := tgbot.New(telegramtest.Token, tgbot.WithServerURL(tg.URL()), tgbot.WithSkipGetMe(), tgbot.WithDefaultHandler(echo))
	if err != nil {
		b.Fatal(err)
	}
	go bt.Start(ctx)
	lat := &latencies{}
	var left = b.N
	var lmu sync.Mutex
	b.ResetTimer()
	begin := time.Now()
	var wg sync.WaitGroup
	for i := range benchUsers() {
		u := telegramtest.User{ID: int64(10_000 + i), FirstName: "U", LanguageCode: "en"}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lmu.Lock()
				if left <= 0 {
					lmu.Unlock()
					return
				}
				left--
				lmu.Unlock()
				ch := make(chan time.Time, 1)
				start := time.Now()
				mu.Lock()
				id := tg.SendText(u, "hello")
				waiting[id] = ch
				mu.Unlock()
				lat.add((<-ch).Sub(start))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	b.StopTimer()
	lat.report(b, elapsed)
}

// rssMB reads a process's resident set size.
func rssMB(pid int) float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// benchNames makes realistic company names, Chinese and Latin.
func benchNames(n int) []string {
	cities := []string{"上海", "北京", "深圳", "杭州", "苏州", "成都"}
	brands := []string{"华为", "中信", "远航", "金桥", "博远", "新达", "恒通", "瑞丰"}
	kinds := []string{"科技", "贸易", "制造", "物流", "电子"}
	out := make([]string, n)
	for i := range out {
		if i%10 == 0 {
			out[i] = fmt.Sprintf("Acme Trading %d Ltd", i)
			continue
		}
		out[i] = fmt.Sprintf("%s%s%s%d有限公司", cities[i%len(cities)], brands[(i/7)%len(brands)], kinds[(i/3)%len(kinds)], i)
	}
	return out
}

// startBinary builds and starts the real ledgerbot against the fake Bot API
// and the benchmark's schema; it is killed when ctx ends.
func startBinary(ctx context.Context, b *testing.B, tg *telegramtest.Server, schema, prefix string, logs io.Writer, env ...string) int {
	bin := binary(b, "bench")
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(os.Environ(), "TELEGRAM_TOKEN="+telegramtest.Token, "TELEGRAM_API_URL="+tg.URL(), "SCHEDULER=false",
		"DATABASE_URL="+pgtest.SchemaURL(schema), "REDIS_PREFIX="+prefix, "LOG_LEVEL=debug", "PPROF_ADDR="+os.Getenv("BENCH_PPROF_ADDR"))
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd.Process.Pid
}
