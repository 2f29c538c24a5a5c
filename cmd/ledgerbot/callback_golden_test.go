package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/session"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// goldenForms reads every callback data form ever sent, as the callback
// package pins them.
func goldenForms(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../../internal/callback/testdata/golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	var forms []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			forms = append(forms, line)
		}
	}
	if len(forms) == 0 {
		t.Fatal("golden.txt holds no forms")
	}
	return forms
}

// ledgerIDs are records that exist, to press the golden forms with.
type ledgerIDs struct {
	client, contact, feedback, visit, episode, staff, outbox, date, deal int64
	team, suggestion                                                     int64
}

// withIDs is a with its ids replaced by ids that exist, and a flow button's
// nonce by that of the conversation under way (if any). An action the test
// does not know fails it, so a new action gets its ids here too.
func (ids ledgerIDs) withIDs(t *testing.T, a callback.Action, nonce string) callback.Action {
	t.Helper()
	switch a := a.(type) {
	case callback.Card:
		a.Client = ids.client
		return a
	case callback.StartVisit:
		a.Client = ids.client
		return a
	case callback.StartFeedback:
		a.Client = ids.client
		return a
	case callback.Contacts:
		a.Client = ids.client
		return a
	case callback.NewContact:
		a.Client = ids.client
		return a
	case callback.NewDeal:
		a.Client = ids.client
		return a
	case callback.EditClient:
		a.Client = ids.client
		return a
	case callback.History:
		a.Client = ids.client
		return a
	case callback.Reviewed:
		a.Client = ids.client
		return a
	case callback.SnoozeReview:
		a.Client = ids.client
		return a
	case callback.ViewFeedback:
		a.Feedback = ids.feedback
		return a
	case callback.StartHandling:
		a.Feedback = ids.feedback
		return a
	case callback.ResolveFeedback:
		a.Feedback = ids.feedback
		return a
	case callback.FollowUpDone:
		a.Visit = ids.visit
		return a
	case callback.AckChurn:
		a.Episode = ids.episode
		return a
	case callback.ShowChurn:
		a.Episode = ids.episode
		return a
	case callback.ChooseWinback:
		a.Episode = ids.episode
		return a
	case callback.AssignWinback:
		a.Episode, a.Staff = ids.episode, ids.staff
		return a
	case callback.RetryMessage:
		a.Outbox = ids.outbox
		return a
	case callback.GreetingLink:
		a.Contact = ids.contact
		return a
	case callback.DeleteCustomDate:
		a.Date = ids.date
		return a
	case callback.Flow:
		if nonce != "" {
			a.Nonce = nonce
		}
		return a
	case callback.ShowTemplate, callback.ResetTemplate, callback.RiskPage, callback.AddCustomDate,
		callback.JobsList, callback.RunJob, callback.SetLang:
		// Positions, pages, names and nonces, not rows.
		return a
	}
	return ids.deskIDs(t, a)
}

// deskIDs is withIDs for the manager's desk's buttons. Those that would
// hand the admin's own clients over or deactivate them keep ids that name
// nobody, so the rest of the test still has its admin; the archive pair
// comes in the order archive, confirm, restore, which leaves Acme as it was.
func (ids ledgerIDs) deskIDs(t *testing.T, a callback.Action) callback.Action {
	t.Helper()
	switch a := a.(type) {
	case callback.Member:
		a.Staff = ids.staff
		return a
	case callback.HandOver:
		a.Staff = ids.staff
		return a
	case callback.HandOverPick:
		a.Staff = ids.staff
		return a
	case callback.Changes:
		a.Client = ids.client
		return a
	case callback.StaffChanges:
		a.Staff = ids.staff
		return a
	case callback.EditContact:
		a.Contact = ids.contact
		return a
	case callback.EditContactField:
		a.Contact = ids.contact
		return a
	case callback.RemoveContact:
		a.Contact = ids.contact
		return a
	case callback.Merge:
		a.Client = ids.client
		return a
	case callback.Archive:
		a.Client = ids.client
		return a
	case callback.ConfirmArchive:
		a.Client = ids.client
		return a
	case callback.Restore:
		a.Client = ids.client
		return a
	case callback.Export:
		if a.Owner != 0 {
			a.Owner = ids.staff
		}
		return a
	case callback.SurveyAnswer:
		a.Feedback = ids.feedback
		return a
	case callback.Receivables:
		a.Client = ids.client
		return a
	case callback.DealReceivable:
		a.Deal = ids.deal
		return a
	case callback.DealTerms:
		a.Deal = ids.deal
		return a
	case callback.DealPayment:
		a.Deal = ids.deal
		return a
	case callback.Tiers:
		a.Team = ids.team
		return a
	case callback.TierChange:
		// Acme becomes normal: the tier buttons are the last golden forms.
		a.Suggestion = ids.suggestion
		return a
	case callback.TierKeep:
		// Decided by the change just before: answered "already changed".
		a.Suggestion = ids.suggestion
		return a
	case callback.ReportFile:
		// The admin's workbook of every team is sent; a team that does not
		// exist is answered "no longer exists".
		return a
	case callback.Members, callback.Deactivate, callback.HandOverChoose, callback.HandOverConfirm, callback.HandOverRun,
		callback.RemoveContactConfirmed, callback.MergePair, callback.Duplicates, callback.NotDuplicate,
		callback.ImportShow, callback.ImportPickColumn, callback.ImportSetColumn, callback.ImportUseSheet,
		callback.ImportSetKind, callback.ImportDryRun, callback.ImportReport, callback.ImportConfirm,
		callback.ImportCancel, callback.ImportUndo:
		// Teams, people and imports that do not exist: each press is
		// answered "not found" or "no longer there", not "not valid".
		return a
	}
	t.Fatalf("no ids for %T: add it to withIDs", a)
	return nil
}

// ledger makes one record of each kind a button names, owned by admin.
func (h *harness) ledger(admin telegramtest.User) ledgerIDs {
	h.t.Helper()
	ctx := context.Background()
	ids := ledgerIDs{client: clientID(h.t, h.createClient(admin, "Acme Trading")), staff: h.staffID(admin)}
	ids.contact = h.addContact(ids.client, "张伟")
	for _, q := range []struct {
		to   *int64
		sql  string
		args []any
	}{
		{&ids.feedback, `INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, due_on, created_at, updated_at)
			VALUES ($1, $2, $2, 'complaint', 'medium', 'Late delivery', '2026-11-30', now(), now()) RETURNING id`, []any{ids.client, ids.staff}},
		{&ids.visit, `INSERT INTO visits (client_id, author_id, kind, notes, visited_at, follow_up_on, created_at)
			VALUES ($1, $2, 'phone', 'Agreed on the price', now(), '2026-11-23', now()) RETURNING id`, []any{ids.client, ids.staff}},
		{&ids.episode, `INSERT INTO churn_episodes (client_id, team_id, started_on, reasons, created_at)
			SELECT id, team_id, '2026-11-20', '[{"code":"no_contact","days":61,"limit":60}]', now() FROM clients WHERE id = $1
			RETURNING id`, []any{ids.client}},
		{&ids.outbox, `INSERT INTO outbox (dedup_key, chat_id, kind, text, status, last_error, failed_at)
			VALUES ('test:failed', $1, 'review', 'Please review Acme', 'failed', 'network', now()) RETURNING id`, []any{admin.ID}},
		{&ids.date, `INSERT INTO greeting_dates (name_zh, name_en, month, day, created_by, created_at)
			VALUES ('公司周年庆', 'Company Anniversary', 3, 18, $1, now()) RETURNING id`, []any{ids.staff}},
		{&ids.deal, `INSERT INTO deals (client_id, deal_on, amount, created_by, created_at, due_on)
			VALUES ($1, '2026-10-01', 50000, $2, now(), '2026-10-31') RETURNING id`, []any{ids.client, ids.staff}},
		{&ids.team, `SELECT team_id FROM clients WHERE id = $1`, []any{ids.client}},
		{&ids.suggestion, `INSERT INTO tier_suggestions (client_id, team_id, rule, from_tier, to_tier, abc, r, f, m,
			amount_12m, deals_12m, opened_on) SELECT id, team_id, 'key_no_deal', 'key', 'normal', 'C', 1, 1, 1, 0, 0, '2026-11-23'
			FROM clients WHERE id = $1 RETURNING id`, []any{ids.client}},
	} {
		if err := h.pool.QueryRow(ctx, q.sql, q.args...).Scan(q.to); err != nil {
			h.t.Fatalf("%s: %v", q.sql, err)
		}
	}
	return ids
}

// liveNonce is the nonce of u's conversation under way, "" when there is none.
func (h *harness) liveNonce(u telegramtest.User) string {
	h.t.Helper()
	raw, err := h.rdb.Get(context.Background(), h.sessionKey(u.ID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return ""
	}
	if err != nil {
		h.t.Fatal(err)
	}
	var st session.State
	if err := json.Unmarshal(raw, &st); err != nil {
		h.t.Fatal(err)
	}
	if !st.Active() {
		return ""
	}
	return st.Nonce
}

// pressAnswered presses data on message msgID as u and returns the one
// answer the press got; a press answered never, or twice, fails the test.
func (h *harness) pressAnswered(u telegramtest.User, msgID int64, data string) string {
	h.t.Helper()
	seen := map[string]bool{}
	for _, c := range h.tg.CallsTo("answerCallbackQuery") {
		seen[c.Params["callback_query_id"]] = true
	}
	id := h.tg.PressButton(u, msgID, data)
	h.waitDone(id)
	var answers []string
	for _, c := range h.tg.CallsTo("answerCallbackQuery") {
		if !seen[c.Params["callback_query_id"]] {
			answers = append(answers, c.Params["text"])
		}
	}
	if len(answers) != 1 {
		h.t.Fatalf("button %q got %d answers %q, want one", data, len(answers), answers)
	}
	if n := h.count(`SELECT count(*) FROM updates WHERE update_id = $1 AND abandoned_at IS NOT NULL`, id); n != 0 {
		h.t.Fatalf("button %q: the update was given up (an error, not an answer)", data)
	}
	return answers[0]
}

// notValid are the words of the router's answer to data it cannot read.
var notValid = []string{"not valid", "无效的按钮"}

func saysNotValid(answer string) bool {
	for _, s := range notValid {
		if strings.Contains(answer, s) {
			return true
		}
	}
	return false
}

// TestEveryGoldenButtonIsAnsweredByTheRunningBot presses, in a running bot,
// every callback data form ever sent (they sit in outbox rows and in users'
// chats), once with the ids of golden.txt, which name no record, and once
// with ids of records that exist (and a flow button with the nonce of the
// conversation under way): each press is answered once, none is
// refused as unreadable, none fails. Forged and unknown data is answered
// "not valid". The bot still works afterwards.
func TestEveryGoldenButtonIsAnsweredByTheRunningBot(t *testing.T) {
	t.Parallel()
	h := setup(t)
	admin := h.join("Ada", access.Admin, h.team("East"), "en")
	ids := h.ledger(admin)
	card := h.say(admin, "/mine")

	for _, form := range goldenForms(t) {
		a, err := callback.Parse(form)
		if err != nil {
			t.Fatalf("golden form %q does not parse: %v", form, err)
		}
		for _, data := range []string{form, ids.withIDs(t, a, h.liveNonce(admin)).Data()} {
			if answer := h.pressAnswered(admin, card.ID, data); saysNotValid(answer) {
				t.Errorf("button %q was answered as unreadable: %q", data, answer)
			}
		}
	}

	for _, forged := range []string{"", "zz", "zz:1", "C:1", "c", "c:", "c:0", "c:01", "c:-1", "c: 1", "c:1:2",
		"c:9223372036854775808", "h:1:x:0", "h:1:v:10001", "rk:100001", "cw:1:2:3", "lang:fr", "jr:Greetings",
		"ga:", "jl", "f:", "f:0a1b2c3d", "f:0A1B2C3D:save", "f:0a1b2c3d:sa ve", "f:0a1b2c3d:保存"} {
		if answer := h.pressAnswered(admin, card.ID, forged); !saysNotValid(answer) {
			t.Errorf("forged button %q was answered %q, want not valid", forged, answer)
		}
	}

	if n := h.logs.count("callback action without a route"); n != 0 {
		t.Fatalf("%d pressed actions had no route in the chat", n)
	}
	if n := h.count(`SELECT count(*) FROM updates WHERE processed_at IS NULL OR abandoned_at IS NOT NULL`); n != 0 {
		t.Fatalf("%d updates unprocessed or given up", n)
	}
	h.say(admin, "/cancel")
	if !hasButton(h.say(admin, "acme"), "Acme Trading") {
		t.Fatal("search does not work after the presses")
	}
}
