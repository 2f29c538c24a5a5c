package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// post delivers queued update id to replica i's webhook as Telegram would,
// and fails the test unless it is acknowledged (200).
func (h *harness) post(id int64, i int) {
	h.t.Helper()
	upd, ok := h.tg.TakeUpdate(id)
	if !ok {
		h.t.Fatalf("update %d is not queued at the fake Bot API", id)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, err := telegramtest.PostUpdate(context.Background(), h.hooks[i], hookSecret, upd)
		if err == nil && code == 200 {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("replica %d answered update %d with %d, %v", i, id, code, err)
		}
		time.Sleep(20 * time.Millisecond) // the replica may still be starting
	}
}

// waitHandled waits until update id is processed, without delivering it.
func (h *harness) waitHandled(id int64) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var done bool
		err := h.pool.QueryRow(context.Background(), `SELECT processed_at IS NOT NULL FROM updates WHERE update_id = $1`, id).Scan(&done)
		if err == nil && done {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("update %d not handled in time", id)
}

// TestWebhookReplicasApplyOneChatsConcurrentUpdatesOnceAndInOrder posts each
// chat's updates in pairs at the same moment, the two of a pair to different
// replicas (as Telegram's parallel webhook connections and a load balancer
// do), for several chats at once: every update is applied once, in
// update_id order, and answered.
func TestWebhookReplicasApplyOneChatsConcurrentUpdatesOnceAndInOrder(t *testing.T) {
	t.Parallel()
	// A settle above the default: the suite's parallel tests load CI's two
	// cores, and this test is about the order, not the default's margin.
	h := setupOpts(t, options{webhookReplicas: 2, env: map[string]string{"WEBHOOK_SETTLE": "200ms"}})
	team := h.team("East")
	users := []telegramtest.User{h.join("Alice", access.Sales, team, "en"), h.join("Bob", access.Sales, team, "en"),
		h.join("Carol", access.Sales, team, "en")}
	h.createClient(users[0], "Acme Trading")
	const rounds = 100

	var wg sync.WaitGroup
	for ui, u := range users {
		wg.Go(func() {
			for i := range rounds {
				a := h.tg.SendText(u, fmt.Sprintf("/visit Acme Trading: phone %s-%03d-a", u.FirstName, i))
				b := h.tg.SendText(u, fmt.Sprintf("/visit Acme Trading: phone %s-%03d-b", u.FirstName, i))
				var pair sync.WaitGroup
				pair.Go(func() { h.post(b, (i+ui)%2) }) // the later one may well arrive first
				pair.Go(func() { h.post(a, (i+ui+1)%2) })
				pair.Wait()
				h.waitHandled(a)
				h.waitHandled(b)
			}
		})
	}
	wg.Wait()

	for _, u := range users {
		var notes []string
		rows, err := h.pool.Query(context.Background(), `SELECT v.notes FROM visits v JOIN staff s ON s.id = v.author_id
			WHERE s.telegram_id = $1 ORDER BY v.id`, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			notes = append(notes, n)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(notes) != 2*rounds {
			t.Fatalf("%s: %d visits stored for %d updates", u.FirstName, len(notes), 2*rounds)
		}
		for i := range rounds {
			for j, half := range []string{"a", "b"} {
				want := fmt.Sprintf("%s-%03d-%s", u.FirstName, i, half)
				if got := notes[2*i+j]; got != want {
					t.Fatalf("%s: visit %d is %q, want %q: updates applied out of order", u.FirstName, 2*i+j, got, want)
				}
			}
		}
		saved := 0
		for _, m := range h.tg.Messages(u.ID) {
			if strings.Contains(m.Text, "Visit to <b>Acme Trading</b> saved") || strings.Contains(m.Text, "Visit to Acme Trading saved") {
				saved++
			}
		}
		if saved != 2*rounds {
			t.Errorf("%s: %d visits confirmed to the user, want %d", u.FirstName, saved, 2*rounds)
		}
	}
	if n := h.count(`SELECT count(*) FROM updates WHERE processed_at IS NULL OR abandoned_at IS NOT NULL`); n != 0 {
		t.Fatalf("%d updates unprocessed or given up", n)
	}
}

// TestGuidedFlowGoesOnWhicheverReplicaGetsTheNextStep walks a guided visit
// with each step delivered to the other replica.
func TestGuidedFlowGoesOnWhicheverReplicaGetsTheNextStep(t *testing.T) {
	t.Parallel()
	h := setupOpts(t, options{webhookReplicas: 2})
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	m := h.press(u, h.say(u, "/visit"), "Acme Trading")
	h.press(u, m, "phone")
	m = h.say(u, "Agreed on the price of phase two")
	m = h.press(u, m, "Skip")
	h.press(u, m, "No follow-up")
	h.say(u, "Skip")
	m = h.press(u, h.last(u), "Save")
	mustContain(t, m.Text, "saved")
	if n := h.count(`SELECT count(*) FROM visits WHERE notes = 'Agreed on the price of phase two'`); n != 1 {
		t.Fatalf("%d visits from the guided flow across replicas, want 1", n)
	}
}
