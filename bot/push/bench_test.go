package push_test

// BenchmarkBroadcast sends one broadcast through Senders and the fake Bot
// API and reports how well the sender keeps to Telegram's limits. It is not
// run by the test command; docs/PERFORMANCE.md gives the commands, e.g.
//
//	go test -run '^$' -bench Broadcast -benchtime 1x -timeout 30m ./bot/push/
//	BENCH_RATE=100000 go test -run '^$' -bench Broadcast -benchtime 1x ./bot/push/
//
// Environment: BENCH_RATE (msgs/s, default 25), BENCH_RECIPIENTS (distinct
// chats, default 10000), BENCH_PER_CHAT (messages per chat, default 1),
// BENCH_REPLICAS (Senders sharing the limits, default 1), BENCH_WORKERS (per
// Sender, default 4), BENCH_LATENCY (the fake server's answer time, default 0).

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/push/pushtest"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

func benchEnv[T int | float64 | time.Duration](name string, def T) T {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var out any
	var err error
	switch any(def).(type) {
	case int:
		out, err = strconv.Atoi(v)
	case float64:
		out, err = strconv.ParseFloat(v, 64)
	case time.Duration:
		out, err = time.ParseDuration(v)
	}
	if err != nil {
		panic(fmt.Sprintf("%s=%q: %v", name, v, err))
	}
	return out.(T)
}

func BenchmarkBroadcast(b *testing.B) {
	rate := benchEnv("BENCH_RATE", 25.0)
	recipients := benchEnv("BENCH_RECIPIENTS", 10000)
	perChat := benchEnv("BENCH_PER_CHAT", 1)
	replicas := benchEnv("BENCH_REPLICAS", 1)
	workers := benchEnv("BENCH_WORKERS", 4)
	latency := benchEnv("BENCH_LATENCY", time.Duration(0))
	for range b.N {
		b.StopTimer()
		e := pushtest.New(b)
		e.TG.SetLatency(latency)
		var msgs []outbox.Message
		for round := range perChat {
			for i := range recipients {
				msgs = append(msgs, outbox.Message{Key: fmt.Sprintf("bench:%d:%d", i, round), ChatID: int64(1_000_000 + i),
					Kind: "greeting", Text: fmt.Sprintf("<b>新春快乐</b> %d/%d", i, round)})
			}
		}
		for chunk := range slices.Chunk(msgs, 5000) {
			e.Enqueue(chunk...)
		}
		b.StartTimer()
		for range replicas {
			cfg := e.Config()
			cfg.Rate, cfg.Workers, cfg.Lease, cfg.Backoff = rate, workers, time.Minute, time.Second
			e.Start(cfg)
		}
		st := e.WaitSettled(time.Duration(float64(len(msgs))/rate*float64(time.Second))*2 + time.Minute)
		b.StopTimer()
		if st.Sent != int64(len(msgs)) {
			b.Fatalf("stats %+v, want %d sent", st, len(msgs))
		}
		reportBroadcast(b, e, rate, recipients, perChat)
	}
}

func reportBroadcast(b *testing.B, e *pushtest.Env, rate float64, recipients, perChat int) {
	var at []time.Time
	byChat := map[string][]time.Time{}
	for _, c := range e.TG.Calls() {
		at = append(at, c.At)
		byChat[c.Params["chat_id"]] = append(byChat[c.Params["chat_id"]], c.At)
	}
	slices.SortFunc(at, func(x, y time.Time) int { return x.Compare(y) })
	// Telegram counts requests as they arrive: the most in any second.
	window := 0
	for i, j := 0, 0; i < len(at); i++ {
		for j < len(at) && at[j].Sub(at[i]) < time.Second {
			j++
		}
		window = max(window, j-i)
	}
	dups, minGap := 0, time.Duration(-1)
	for i := range recipients {
		chat := int64(1_000_000 + i)
		dups += len(e.TG.Messages(chat)) - perChat
		calls := byChat[strconv.FormatInt(chat, 10)]
		for k := 1; k < len(calls); k++ {
			if g := calls[k].Sub(calls[k-1]); minGap < 0 || g < minGap {
				minGap = g
			}
		}
	}
	span := at[len(at)-1].Sub(at[0]).Seconds()
	achieved := float64(len(at)-1) / span
	b.ReportMetric(achieved, "msgs/s")
	b.ReportMetric(achieved/rate, "ratio")
	b.ReportMetric(float64(window), "max_per_1s")
	b.ReportMetric(float64(dups), "duplicates")
	if minGap >= 0 {
		b.ReportMetric(float64(minGap.Milliseconds()), "min_chat_gap_ms")
	}
	b.ReportMetric(float64(len(at)), "calls")
	if st, err := e.Store.Stats(context.Background()); err == nil {
		b.ReportMetric(float64(st.Failed+st.Unreachable), "failed")
	}
}
