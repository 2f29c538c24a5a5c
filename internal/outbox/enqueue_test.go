package outbox_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

func TestEnqueueStoresMessagesOnceByKey(t *testing.T) {
	b := setup(t)
	photo := []byte{0x89, 'P', 'N', 'G'}
	withAll := outbox.Message{Key: "digest:2027-W06:staff:1", ChatID: -100123, Kind: "digest", Text: "周报 &amp; chart",
		Buttons: [][]outbox.Button{{{Text: "打开", Data: "c:open:1"}, {Text: "确认", Data: "ack:1"}}}, Photo: photo}
	if n := b.enqueue(msg("a", 1), withAll, msg("a", 1)); n != 2 {
		t.Fatalf("first enqueue added %d, want 2 (the repeated key once)", n)
	}
	if n := b.enqueue(msg("a", 1), withAll, msg("b", 2)); n != 1 {
		t.Fatalf("second enqueue added %d, want 1 (only b is new)", n)
	}
	rows := b.claim("t", 10)
	if got := keys(rows); !slices.Equal(got, []string{"a", withAll.Key, "b"}) {
		t.Fatalf("claimed %v", got)
	}
	got := rows[1]
	if got.ChatID != -100123 || got.Kind != "digest" || got.Text != withAll.Text || got.StaffID != 0 || got.ContactID != 0 ||
		!bytes.Equal(got.Photo, photo) || len(got.Buttons) != 1 || got.Buttons[0][1] != (outbox.Button{Text: "确认", Data: "ack:1"}) {
		t.Fatalf("row does not round-trip the message: %+v", got)
	}
	if rows[0].Buttons != nil || rows[0].Photo != nil || rows[0].Status != outbox.StatusSending {
		t.Fatalf("plain row: %+v", rows[0])
	}
}

func TestEnqueueKeepsStaffAndContactRecipients(t *testing.T) {
	b := setup(t)
	var staffID, contactID int64
	b.exec(`INSERT INTO teams (name) VALUES ('East')`)
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO staff (telegram_id, chat_id, role, team_id) VALUES (7, 7, 'sales', 1) RETURNING id`).Scan(&staffID); err != nil {
		t.Fatal(err)
	}
	b.exec(`INSERT INTO clients (team_id, owner_id, name, created_at, updated_at) VALUES (1, $1, 'ACME', now(), now())`, staffID)
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO contacts (client_id, name, created_at, updated_at) VALUES (1, '王经理', now(), now()) RETURNING id`).Scan(&contactID); err != nil {
		t.Fatal(err)
	}
	m := msg("k", 7)
	m.StaffID, m.ContactID = staffID, contactID
	b.enqueue(m)
	rows := b.claim("t", 1)
	if len(rows) != 1 || rows[0].StaffID != staffID || rows[0].ContactID != contactID {
		t.Fatalf("rows %+v, want staff %d contact %d", rows, staffID, contactID)
	}
}

func TestEnqueueRejectsMessagesTelegramWouldRefuse(t *testing.T) {
	b := setup(t)
	long := string(bytes.Repeat([]byte("x"), 65))
	bad := []outbox.Message{
		{ChatID: 1, Kind: "k", Text: "no key"},
		{Key: "k", Kind: "k", Text: "no chat"},
		{Key: "k", ChatID: 1, Text: "no kind"},
		{Key: "k", ChatID: 1, Kind: "k"},
		{Key: "k", ChatID: 1, Kind: "k", Text: "t", Buttons: [][]outbox.Button{{{Text: "b", Data: long}}}},
		{Key: "k", ChatID: 1, Kind: "k", Text: "t", Buttons: [][]outbox.Button{{{Text: "b"}}}},
	}
	for _, m := range bad {
		if _, err := outbox.Enqueue(b.ctx, b.pool, msg("ok", 1), m); !errors.Is(err, outbox.ErrInvalid) {
			t.Errorf("Enqueue(%+v) = %v, want ErrInvalid", m, err)
		}
	}
	if st, _ := b.store.Stats(b.ctx); st.Pending != 0 {
		t.Fatalf("a refused batch stored %d rows", st.Pending)
	}
}

func TestEnqueueCommitsAndRollsBackWithTheCaller(t *testing.T) {
	b := setup(t)
	boom := errors.New("boom")
	err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error {
		if _, err := outbox.Enqueue(b.ctx, tx, msg("gone", 1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	err = postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error {
		_, err := outbox.Enqueue(b.ctx, tx, msg("kept", 1))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(b.claim("t", 10)); !slices.Equal(got, []string{"kept"}) {
		t.Fatalf("claimed %v, want only the committed message", got)
	}
}

func TestEnqueueConcurrentProducersWithSameKeysStoreEachOnce(t *testing.T) {
	b := setup(t)
	msgs := seq("greeting:2027-02-06:contact", 200, func(i int) int64 { return int64(1000 + i) })
	var wg sync.WaitGroup
	added := make([]int, 4)
	for g := range added {
		wg.Go(func() {
			err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error {
				n, err := outbox.Enqueue(b.ctx, tx, msgs...)
				added[g] = n
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if sum := added[0] + added[1] + added[2] + added[3]; sum != 200 {
		t.Fatalf("producers added %v (sum %d), want 200 in all", added, sum)
	}
	if st, _ := b.store.Stats(b.ctx); st.Pending != 200 {
		t.Fatalf("stats %+v, want 200 pending", st)
	}
}

func TestEnqueueWakesAListenerOnCommit(t *testing.T) {
	b := setup(t)
	woken := make(chan struct{}, 100)
	listening := make(chan error, 1)
	go func() { listening <- b.store.Listen(b.ctx, func() { woken <- struct{}{} }) }()
	// The listener may not have issued LISTEN yet: enqueue until it hears.
	deadline := time.After(10 * time.Second)
	for i := 0; ; i++ {
		b.enqueue(msg(fmt.Sprintf("wake:%d", i), 1))
		select {
		case <-woken:
			return
		case err := <-listening:
			t.Fatalf("listener stopped: %v", err)
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatal("no notification after enqueueing")
		}
	}
}
