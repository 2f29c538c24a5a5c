package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// staffID is the staff row id of a joined Telegram user.
func (h *harness) staffID(u telegramtest.User) int64 {
	h.t.Helper()
	var id int64
	if err := h.pool.QueryRow(context.Background(), `SELECT id FROM staff WHERE telegram_id = $1`, u.ID).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// visitMarks lists the "visit #NN" notes from..to as they must appear.
func visitMarks(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("visit #%02d;", i))
	}
	return out
}

func TestHistoryPagesTwentyFiveVisitsTenAtATime(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	id := clientID(t, card)
	me := h.staffID(u)
	ctx := context.Background()
	// Visit #01 is the newest, #25 the oldest.
	for i := 1; i <= 25; i++ {
		at := h.clock.Now().Add(-time.Duration(i) * 24 * time.Hour)
		if _, err := h.pool.Exec(ctx, `INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
			VALUES ($1, $2, 'phone', $3, $4, $4)`, id, me, fmt.Sprintf("visit #%02d; talked about the order", i), at); err != nil {
			t.Fatal(err)
		}
	}

	m := h.press(u, card, "History")
	mustContain(t, m.Text, "Acme Trading", "visits (25)", "2026-11-22", "phone", "Alice")
	mustContain(t, m.Text, visitMarks(1, 10)...)
	mustNotContain(t, m.Text, visitMarks(11, 25)...)
	if hasButton(m, "Newer") || !hasButton(m, "Older") {
		t.Fatalf("first page buttons: %v", m.Inline)
	}

	m = h.press(u, m, "Older")
	mustContain(t, m.Text, "visits (25)")
	mustContain(t, m.Text, visitMarks(11, 20)...)
	mustNotContain(t, m.Text, append(visitMarks(1, 10), visitMarks(21, 25)...)...)
	if !hasButton(m, "Newer") || !hasButton(m, "Older") {
		t.Fatalf("middle page buttons: %v", m.Inline)
	}

	m = h.press(u, m, "Older")
	mustContain(t, m.Text, visitMarks(21, 25)...)
	mustNotContain(t, m.Text, visitMarks(1, 20)...)
	if !hasButton(m, "Newer") || hasButton(m, "Older") {
		t.Fatalf("last page buttons: %v", m.Inline)
	}

	m = h.press(u, m, "Newer")
	mustContain(t, m.Text, visitMarks(11, 20)...)
	m = h.press(u, h.press(u, m, "Newer"), "Back to card")
	mustContain(t, m.Text, "Recent visits", "visit #01;")
	mustNotContain(t, m.Text, "visit #06;") // the card shows the last five only
}

func TestHistoryTabsSwitchBetweenVisitsFeedbackAndDeals(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	card := h.createClient(u, "Acme Trading")
	id := clientID(t, card)
	me := h.staffID(u)
	ctx := context.Background()
	now := h.clock.Now()
	for _, q := range []string{
		`INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at) VALUES ($1, $2, 'onsite', 'Toured the plant', $3, $3)`,
		`INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, status, due_on, resolution, created_at, updated_at, resolved_at)
			VALUES ($1, $2, $2, 'complaint', 'high', 'Invoice sent twice', 'resolved', '2026-11-24', 'Credit note issued', $3, $3, $3)`,
		`INSERT INTO deals (client_id, deal_on, amount, description, created_by, created_at) VALUES ($1, '2026-10-15', 88000.5, 'Spare parts', $2, $3)`,
	} {
		if _, err := h.pool.Exec(ctx, q, id, me, now); err != nil {
			t.Fatal(err)
		}
	}

	m := h.press(u, card, "History")
	mustContain(t, m.Text, "visits (1)", "on-site", "Toured the plant")
	m = h.press(u, m, "Feedback")
	mustContain(t, m.Text, "feedback (1)", "complaint", "resolved", "Invoice sent twice", "✅ Credit note issued")
	mustNotContain(t, m.Text, "Toured the plant")
	if hasButton(m, "Older") || hasButton(m, "Newer") {
		t.Fatalf("one page of feedback has paging buttons: %v", m.Inline)
	}
	m = h.press(u, m, "Deals")
	mustContain(t, m.Text, "deals (1)", "2026-10-15", "¥88000.50", "Spare parts")
	mustNotContain(t, m.Text, "Invoice sent twice")
	m = h.press(u, m, "Visits")
	mustContain(t, m.Text, "visits (1)", "Toured the plant")

	// An empty tab says so.
	if _, err := h.pool.Exec(ctx, `DELETE FROM deals`); err != nil {
		t.Fatal(err)
	}
	m = h.press(u, m, "Deals")
	mustContain(t, m.Text, "deals (0)", "(nothing yet)")
}
