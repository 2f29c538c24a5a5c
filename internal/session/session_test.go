package session

import (
	"context"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/redistest"
)

func TestSaveLoadClear(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	s := NewStore(rdb, prefix, time.Minute)
	ctx := context.Background()
	if _, ok, _, err := s.Load(ctx, 1); ok || err != nil {
		t.Fatalf("empty load = %v, %v", ok, err)
	}
	st := State{Flow: "visit", Step: "kind", Nonce: "ab"}
	st.Set("client", "42")
	if err := s.Save(ctx, 1, st); err != nil {
		t.Fatal(err)
	}
	got, ok, _, err := s.Load(ctx, 1)
	if err != nil || !ok || got.Get("client") != "42" || got.Step != "kind" {
		t.Fatalf("load = %+v %v %v", got, ok, err)
	}
	if err := s.Clear(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, ok, flow, _ := s.Load(ctx, 1); ok || flow != "" {
		t.Fatalf("state survived Clear, or reported as expired (%q)", flow)
	}
}

func TestStateLossIsReportedOnce(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	s := NewStore(rdb, prefix, time.Minute)
	ctx := context.Background()
	if err := s.Save(ctx, 7, State{Flow: "feedback", Step: "text"}); err != nil {
		t.Fatal(err)
	}
	// Simulate the timeout or a Redis restart losing the state itself.
	rdb.Del(ctx, s.key(7))
	if _, ok, flow, err := s.Load(ctx, 7); err != nil || ok || flow != "feedback" {
		t.Fatalf("Load = %v, %q, %v; want no state and expired feedback", ok, flow, err)
	}
	if _, _, flow, _ := s.Load(ctx, 7); flow != "" {
		t.Fatalf("second Load reports expired %q, want empty", flow)
	}
}

func TestSaveSetsInactivityTimeout(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	s := NewStore(rdb, prefix, 90*time.Second)
	ctx := context.Background()
	if err := s.Save(ctx, 3, State{Flow: "new"}); err != nil {
		t.Fatal(err)
	}
	ttl := rdb.TTL(ctx, s.key(3)).Val()
	if ttl <= 0 || ttl > 90*time.Second {
		t.Fatalf("ttl = %v, want (0, 90s]", ttl)
	}
}
