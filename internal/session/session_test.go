package session

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
	"github.com/ledgerbot/ledgerbot/internal/redistest"
)

func newStore(t *testing.T, ttl time.Duration) *Store {
	t.Helper()
	rdb, prefix := redistest.New(t)
	return NewStore(rdb, pgtest.New(t), prefix, ttl)
}

func TestSaveLoadClear(t *testing.T) {
	t.Parallel()
	s := newStore(t, time.Minute)
	ctx := context.Background()
	if _, ok, lost, err := s.Load(ctx, 1); ok || lost.Flow != "" || err != nil {
		t.Fatalf("empty load = %v, %+v, %v", ok, lost, err)
	}
	st := State{Flow: "visit", Step: "kind", Nonce: "ab", Draft: json.RawMessage(`{"client_id":42}`)}
	if err := s.Save(ctx, 1, st, ""); err != nil {
		t.Fatal(err)
	}
	got, ok, _, err := s.Load(ctx, 1)
	if err != nil || !ok || string(got.Draft) != `{"client_id":42}` || got.Step != "kind" {
		t.Fatalf("load = %+v %v %v", got, ok, err)
	}
	if err := s.Clear(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, ok, lost, _ := s.Load(ctx, 1); ok || lost.Flow != "" {
		t.Fatalf("state survived Clear, or reported as lost (%+v)", lost)
	}
}

func TestTimeoutIsReportedOnce(t *testing.T) {
	t.Parallel()
	s := newStore(t, time.Minute)
	ctx := context.Background()
	if err := s.Save(ctx, 7, State{Flow: "feedback", Step: "text"}, ""); err != nil {
		t.Fatal(err)
	}
	// The inactivity timeout removes the state itself; its trace stays.
	s.rdb.Del(ctx, s.key(7))
	if _, ok, lost, err := s.Load(ctx, 7); err != nil || ok || lost != (Lost{Flow: "feedback", TimedOut: true}) {
		t.Fatalf("Load = %v, %+v, %v; want no state and feedback timed out", ok, lost, err)
	}
	if _, _, lost, _ := s.Load(ctx, 7); lost.Flow != "" {
		t.Fatalf("second Load reports lost %+v, want nothing", lost)
	}
}

func TestDraftLostWithEverythingInRedisIsReportedOnce(t *testing.T) {
	t.Parallel()
	s := newStore(t, time.Minute)
	ctx := context.Background()
	if _, _, _, err := s.Load(ctx, 1); err != nil { // Redis holds data: the epoch is set
		t.Fatal(err)
	}
	if err := s.Save(ctx, 7, State{Flow: "visit", Step: "notes"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, 8, State{Flow: "new_client", Step: "name"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, 8, State{LastUpdate: 5}, "new_client"); err != nil { // chat 8 finished its flow
		t.Fatal(err)
	}
	// Redis restarts empty: the state, the trace and the epoch are gone.
	for _, k := range []string{s.key(7), s.trace(7), s.key(8), s.trace(8), s.epoch()} {
		s.rdb.Del(ctx, k)
	}
	if _, ok, lost, err := s.Load(ctx, 7); err != nil || ok || lost != (Lost{Flow: "visit"}) {
		t.Fatalf("Load = %v, %+v, %v; want the visit reported lost (not timed out)", ok, lost, err)
	}
	if _, _, lost, _ := s.Load(ctx, 7); lost.Flow != "" {
		t.Fatalf("second Load reports lost %+v, want nothing", lost)
	}
	if _, _, lost, _ := s.Load(ctx, 8); lost.Flow != "" {
		t.Fatalf("a finished flow is reported lost: %+v", lost)
	}
}

func TestSaveSetsInactivityTimeout(t *testing.T) {
	t.Parallel()
	s := newStore(t, 90*time.Second)
	ctx := context.Background()
	if err := s.Save(ctx, 3, State{Flow: "new"}, ""); err != nil {
		t.Fatal(err)
	}
	ttl := s.rdb.TTL(ctx, s.key(3)).Val()
	if ttl <= 0 || ttl > 90*time.Second {
		t.Fatalf("ttl = %v, want (0, 90s]", ttl)
	}
}
