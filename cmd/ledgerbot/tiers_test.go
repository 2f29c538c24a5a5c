package main

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// sell records a deal of amount yuan for client on 2026-10-01, within the
// 12 months the nightly value job counts (the harness's clock is
// 2026-11-23).
func (h *harness) sell(u telegramtest.User, client int64, amount int) {
	h.t.Helper()
	if _, err := h.pool.Exec(context.Background(), `INSERT INTO deals (client_id, deal_on, amount, created_by, created_at)
		VALUES ($1, '2026-10-01', $2, $3, now())`, client, amount, h.staffID(u)); err != nil {
		h.t.Fatal(err)
	}
}

// suggestionOf is the id of the client's tier suggestion, failing the test
// unless there is exactly one.
func (h *harness) suggestionOf(client int64) int64 {
	h.t.Helper()
	var id int64
	if err := h.pool.QueryRow(context.Background(), `SELECT id FROM tier_suggestions WHERE client_id = $1`, client).Scan(&id); err != nil {
		h.t.Fatalf("suggestion of client %d: %v", client, err)
	}
	return id
}

func (h *harness) tierOf(client int64) string {
	h.t.Helper()
	var tier string
	if err := h.pool.QueryRow(context.Background(), `SELECT tier FROM clients WHERE id = $1`, client).Scan(&tier); err != nil {
		h.t.Fatal(err)
	}
	return tier
}

// TestTiersReviewChangesAndKeepsTiers: two normal clients of East make most
// of its revenue (class A), so the nightly job suggests key for both. The
// manager changes one (its tier is key, audited as an edit) and keeps the
// other (it is not suggested again the next night); a salesperson is
// refused, and a button forged for West's suggestion changes nothing.
func TestTiersReviewChangesAndKeepsTiers(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east, west := h.team("East"), h.team("West")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	wes := h.join("Wes", access.Manager, west, "en")
	big := h.exportClient(alice, "Big Steel", "normal")
	mid := h.exportClient(alice, "Mid Paper", "normal")
	small := h.exportClient(alice, "Small Ink", "normal")
	h.sell(alice, big, 50000)
	h.sell(alice, mid, 40000)
	h.sell(alice, small, 10000)
	far := h.exportClient(wes, "Far Glass", "normal")
	h.sell(wes, far, 1000)
	h.runJob("value")

	m := h.say(mia, "/tiers")
	mustContain(t, m.Text, "Tier suggestions", "(2 to review)", "Big Steel", "Mid Paper", "Alice", "class A", "RFM ")
	mustNotContain(t, m.Text, "Small Ink", "Far Glass")

	m = h.pressOn(mia, m, "1. Change to key")
	mustContain(t, h.lastAnswer(), "Big Steel is now key")
	mustContain(t, m.Text, "(1 to review)", "Mid Paper")
	mustNotContain(t, m.Text, "Big Steel")
	if got := h.tierOf(big); got != "key" {
		t.Fatalf("Big Steel's tier is %q after Change, want key", got)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1 AND action = 'update'
		AND changes->'tier'->>'to' = 'key' AND actor_id = $2`, big, h.staffID(mia)); n != 1 {
		t.Fatalf("%d tier edits of Big Steel by Mia in the history, want 1", n)
	}

	// The same button again (a stale screen) changes nothing more.
	h.pressData(mia, m.ID, callback.TierChange{Suggestion: h.suggestionOf(big)}.Data())
	mustContain(t, h.lastAnswer(), "Mia already changed this one")

	m = h.pressOn(mia, m, "Keep")
	mustContain(t, h.lastAnswer(), "Kept Mid Paper as normal")
	mustContain(t, m.Text, "(0 to review)", "No tier suggestions to review")
	if got := h.tierOf(mid); got != "normal" {
		t.Fatalf("Mid Paper's tier is %q after Keep, want normal", got)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1 AND action = 'tier_kept'`, mid); n != 1 {
		t.Fatalf("%d tier_kept entries for Mid Paper, want 1", n)
	}

	h.runJob("value")
	m = h.say(mia, "/tiers")
	mustContain(t, m.Text, "No tier suggestions to review")
	mustNotContain(t, m.Text, "Mid Paper", "Big Steel")

	// A salesperson is refused, and does not see the command in /help.
	mustContain(t, h.say(alice, "/tiers").Text, "Only the team's managers and admins")
	mustNotContain(t, h.say(alice, "/help").Text, "/tiers")
	mustContain(t, h.say(mia, "/help").Text, "/tiers")

	// A button forged for West's suggestion is refused and changes nothing;
	// West's manager sees it still open.
	farSuggestion := h.suggestionOf(far)
	for _, data := range []string{callback.TierChange{Suggestion: farSuggestion}.Data(),
		callback.TierKeep{Suggestion: farSuggestion}.Data()} {
		h.pressData(mia, m.ID, data)
		mustContain(t, h.lastAnswer(), "does not exist or you may not see it")
	}
	h.pressData(mia, m.ID, callback.Tiers{Team: west.ID}.Data())
	mustContain(t, h.lastAnswer(), "Only the team's managers and admins")
	if got := h.tierOf(far); got != "normal" {
		t.Fatalf("West's client tier is %q after forged buttons, want normal", got)
	}
	mustContain(t, h.say(wes, "/tiers").Text, "Far Glass", "(1 to review)")
}

// TestTiersAdminPicksATeam: an admin without a team chooses one first, and
// reviews it in Chinese.
func TestTiersAdminPicksATeam(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	ada := h.join("Ada", access.Admin, staff.Team{}, "zh")
	alice := h.join("Alice", access.Sales, east, "en")
	big := h.exportClient(alice, "Big Steel", "normal")
	h.sell(alice, big, 50000)
	h.runJob("value")

	m := h.say(ada, "/tiers")
	mustContain(t, m.Text, "查看哪个团队的等级建议")
	m = h.pressOn(ada, m, "East")
	mustContain(t, m.Text, "等级建议", "Big Steel", "属 A 类")
	m = h.pressOn(ada, m, "调为重点客户")
	mustContain(t, h.lastAnswer(), "已将 Big Steel 调为重点客户")
	if got := h.tierOf(big); got != "key" {
		t.Fatalf("Big Steel's tier is %q, want key", got)
	}
}

// TestTiersAdminWithATeamStillPicksAnyTeam: an admin who belongs to a team
// (a sales director in HQ) may review any team, so /tiers asks which; it
// used to open the admin's own team, with no way to reach another.
func TestTiersAdminWithATeamStillPicksAnyTeam(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	ada := h.join("Ada", access.Admin, h.team("HQ"), "en")
	alice := h.join("Alice", access.Sales, east, "en")
	big := h.exportClient(alice, "Big Steel", "normal")
	h.sell(alice, big, 50000)
	h.runJob("value")

	m := h.say(ada, "/tiers")
	mustContain(t, m.Text, "Which team's tier suggestions?")
	if !hasButton(m, "HQ") {
		t.Errorf("the admin's own team is not offered: %v", m.Inline)
	}
	m = h.pressOn(ada, m, "East")
	mustContain(t, m.Text, "Tier suggestions", "(1 to review)", "Big Steel")
}

// TestTiersNoticeFitsTelegramsLimitForALongName: the notice after a
// decision is a callback answer, at most 200 characters; a client name may
// be 200 alone, and a longer notice is refused by Telegram, so the manager
// never learnt what was done.
func TestTiersNoticeFitsTelegramsLimitForALongName(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	mia := h.join("Mia", access.Manager, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")
	long := strings.Repeat("长", 190) + "有限公司"
	big := h.exportClient(alice, long, "normal")
	h.sell(alice, big, 50000)
	h.runJob("value")

	m := h.say(mia, "/tiers")
	h.pressOn(mia, m, "1. Change to key")
	got := h.lastAnswer()
	mustContain(t, got, "is now key", "长长…")
	if n := utf8.RuneCountInString(got); n > 200 {
		t.Errorf("the notice has %d characters, Telegram takes 200: %q", n, got)
	}
	if tier := h.tierOf(big); tier != "key" {
		t.Errorf("tier %q, want key", tier)
	}
}
