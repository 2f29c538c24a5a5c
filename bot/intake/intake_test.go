package intake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/bot/intake"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// recorder is a Handler that remembers what it ran, per chat, in order.
type recorder struct {
	mu      sync.Mutex
	seen    map[int64][]int64 // chat -> update ids in handling order
	fail    func(u *models.Update) error
	gaveUp  []int64
	delay   time.Duration
	running map[int64]int // chat -> handlers running now, to catch overlap
	overlap bool
}

func newRecorder() *recorder {
	return &recorder{seen: map[int64][]int64{}, running: map[int64]int{}}
}

func (r *recorder) Handle(_ context.Context, u *models.Update) error {
	chat := intake.ChatOf(u)
	r.mu.Lock()
	r.running[chat]++
	if r.running[chat] > 1 {
		r.overlap = true
	}
	r.mu.Unlock()
	time.Sleep(r.delay + time.Duration(rand.IntN(300))*time.Microsecond) // let workers interleave
	var err error
	if r.fail != nil {
		err = r.fail(u)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running[chat]--
	if err != nil {
		return err
	}
	r.seen[chat] = append(r.seen[chat], u.ID)
	return nil
}

func (r *recorder) Abandon(_ context.Context, _ pgx.Tx, u *models.Update, _ bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gaveUp = append(r.gaveUp, u.ID)
	return nil
}

func (r *recorder) Abandoned(context.Context, *models.Update, bool) {}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func message(id, chat int64) json.RawMessage {
	raw, _ := json.Marshal(map[string]any{"update_id": id, "message": map[string]any{
		"message_id": id, "date": 1, "chat": map[string]any{"id": chat, "type": "private"}, "text": "x"}})
	return raw
}

// run starts an intake and returns a function that stops it and waits.
func run(t *testing.T, in *intake.Intake) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func waitProcessed(t *testing.T, pool *pgxpool.Pool, want int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var done int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM updates WHERE processed_at IS NOT NULL`).Scan(&done); err != nil {
			t.Fatal(err)
		}
		if done == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d updates processed", done, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestEachChatsUpdatesRunInOrderAndEachOnceAcrossTwoReplicas(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	h := newRecorder()
	a := intake.New(pool, quiet(), h, intake.Config{Workers: 4, Owner: "a"})
	b := intake.New(pool, quiet(), h, intake.Config{Workers: 4, Owner: "b"})
	run(t, a)
	run(t, b)
	ctx := context.Background()
	const chats, perChat = 12, 25
	var batch []json.RawMessage
	id := int64(1)
	for i := 0; i < perChat; i++ {
		for c := int64(1); c <= chats; c++ {
			batch = append(batch, message(id, c))
			id++
			if len(batch) == 7 {
				// Either replica may record; Telegram delivering the same
				// batch again, to the other one, changes nothing.
				if _, err := a.Record(ctx, batch); err != nil {
					t.Fatal(err)
				}
				if _, err := b.Record(ctx, batch); err != nil {
					t.Fatal(err)
				}
				batch = nil
			}
		}
	}
	if _, err := b.Record(ctx, batch); err != nil {
		t.Fatal(err)
	}
	waitProcessed(t, pool, chats*perChat)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.overlap {
		t.Error("two handlers ran one chat's updates at the same time")
	}
	for c, ids := range h.seen {
		if len(ids) != perChat {
			t.Errorf("chat %d: %d updates handled, want %d", c, len(ids), perChat)
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				t.Fatalf("chat %d handled out of order: %v", c, ids)
			}
		}
	}
	var claims int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM chat_claims`).Scan(&claims); err != nil {
		t.Fatal(err)
	}
	if claims != 0 {
		t.Errorf("%d chats still claimed with nothing pending", claims)
	}
}

func TestWebhookRefusesWhatIsNotOneValidUpdate(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	in := intake.New(pool, quiet(), nil, intake.Config{})
	srv := httptest.NewServer(in.WebhookHandler("s3cret"))
	defer srv.Close()
	post := func(body []byte) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for name, body := range map[string][]byte{
		"invalid UTF-8": []byte("{\"update_id\":5,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":7,\"type\":\"private\"},\"text\":\"\xff\xfe\"}}"),
		"a NUL byte":    []byte("{\"update_id\":6,\x00\"message\":{}}"),
		"not JSON":      []byte("update_id=7"),
		"too large":     append(append([]byte(`{"update_id":8,"message":{"text":"`), bytes.Repeat([]byte("a"), 2<<20)...), `"}}`...),
	} {
		if code := post(body); code != http.StatusBadRequest {
			t.Errorf("%s: answered %d, want 400", name, code)
		}
	}
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM updates`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d refused updates stored", n)
	}
	// A NUL escaped in JSON text is valid JSON and is stored.
	if code := post([]byte(`{"update_id":9,"message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"},"text":"a\u0000b"}}`)); code != 200 {
		t.Fatalf("an escaped NUL answered %d, want 200", code)
	}
}

func TestPollingRecordsInvalidUTF8RatherThanStallOnIt(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	in := intake.New(pool, quiet(), nil, intake.Config{})
	raw := json.RawMessage("{\"update_id\":5,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":7,\"type\":\"private\"},\"text\":\"ok \xff\"}}")
	last, err := in.Record(context.Background(), []json.RawMessage{raw})
	if err != nil || last != 5 {
		t.Fatalf("Record = %d, %v; want 5, nil", last, err)
	}
}

// TestAStartingReplicaLeavesALiveReplicasChatAlone: replica a is mid-update
// on chat 1 (its handler is slow); replica b starts, as after a restart or a
// scale-up, and handles other chats, but not chat 1 while a lives: a's lease
// is renewed. Chat 1's update runs once.
func TestAStartingReplicaLeavesALiveReplicasChatAlone(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	ha, hb := newRecorder(), newRecorder()
	hold := make(chan struct{})
	ha.fail = func(u *models.Update) error {
		if intake.ChatOf(u) == 1 {
			<-hold
		}
		return nil
	}
	a := intake.New(pool, quiet(), ha, intake.Config{Workers: 2, Owner: "a", Lease: time.Second})
	run(t, a)
	ctx := context.Background()
	if _, err := a.Record(ctx, []json.RawMessage{message(1, 1)}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var claimed bool
		if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM chat_claims WHERE chat_id = 1 AND owner = 'a')`).Scan(&claimed); err != nil {
			t.Fatal(err)
		}
		if claimed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a never claimed chat 1")
		}
		time.Sleep(10 * time.Millisecond)
	}
	b := intake.New(pool, quiet(), hb, intake.Config{Workers: 2, Owner: "b", Lease: time.Second})
	run(t, b)
	time.Sleep(3 * time.Second) // three leases: a's claim would have run out unless renewed
	// b is alive and handles what it may: the positive signal.
	if _, err := b.Record(ctx, []json.RawMessage{message(2, 2)}); err != nil {
		t.Fatal(err)
	}
	waitProcessed(t, pool, 1)
	close(hold)
	waitProcessed(t, pool, 2)
	ha.mu.Lock()
	hb.mu.Lock()
	defer ha.mu.Unlock()
	defer hb.mu.Unlock()
	if len(hb.seen[1]) != 0 || len(ha.seen[1]) != 1 {
		t.Fatalf("chat 1 ran %d times on a and %d on b; want once, on a", len(ha.seen[1]), len(hb.seen[1]))
	}
}

// TestTheChatWaitingLongestIsServedFirst: with every worker busy, chats are
// taken in the order their updates came, not by chat id, so none starves.
func TestTheChatWaitingLongestIsServedFirst(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	h := newRecorder()
	var mu sync.Mutex
	var order []int64
	h.fail = func(u *models.Update) error {
		mu.Lock()
		order = append(order, intake.ChatOf(u))
		mu.Unlock()
		return nil
	}
	in := intake.New(pool, quiet(), h, intake.Config{Workers: 1, Owner: "a"})
	ctx := context.Background()
	// Recorded before the intake runs, high chat ids first.
	var batch []json.RawMessage
	for i, chat := range []int64{900, 700, 500, 300, 100} {
		batch = append(batch, message(int64(i+1), chat))
	}
	if _, err := in.Record(ctx, batch); err != nil {
		t.Fatal(err)
	}
	run(t, in)
	waitProcessed(t, pool, len(batch))
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(order, []int64{900, 700, 500, 300, 100}) {
		t.Fatalf("chats served in the order %v, want the order their updates came", order)
	}
}
