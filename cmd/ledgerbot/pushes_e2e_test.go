package main

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/push"
	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/ratelimit"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// runJob runs a scheduled job as of the harness clock, as cron would.
func (h *harness) runJob(name string) int {
	h.t.Helper()
	jobs, err := buildJobs(h.cfg, h.pool, h.clock.Now, slog.New(slog.DiscardHandler))
	if err != nil {
		h.t.Fatal(err)
	}
	n, err := jobs.sched.RunNow(context.Background(), name, h.clock.Now())
	if err != nil {
		h.t.Fatalf("run %s: %v", name, err)
	}
	return n
}

func TestReviewReminderIsMarkedReviewedOrSnoozedFromTheMessage(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	bob := h.join("Bob", access.Sales, east, "en")
	acme := clientID(t, h.createClient(alice, "Acme Trading"))
	beta := clientID(t, h.createClient(alice, "Beta Foods"))
	// Both reviews fall due today (key clients: every 60 days).
	if _, err := h.pool.Exec(context.Background(), `UPDATE clients SET next_review_on = '2026-11-23'`); err != nil {
		t.Fatal(err)
	}
	if n := h.runJob("reminders"); n != 2 {
		t.Fatalf("reminders enqueued %d messages, want 2", n)
	}
	m := h.waitMessage(alice, "Client review due", "Acme Trading")
	h.waitMessage(alice, "Client review due", "Beta Foods")

	// Bob is not the owner: a salesperson may not review someone else's client.
	h.pressData(bob, m.ID, "rv:"+strconv.FormatInt(acme, 10))
	mustContain(t, h.lastAnswer(), "Only the client's owner")

	m = h.pressOn(alice, m, "Reviewed")
	mustContain(t, m.Text, "Reviewed Acme Trading", "2027-01-22")
	if n := h.count(`SELECT count(*) FROM clients WHERE id = $1 AND next_review_on = '2027-01-22'`, acme); n != 1 {
		t.Fatal("next review not moved a key client's cadence (60 days) ahead")
	}
	m = h.pressOn(alice, h.waitMessage(alice, "Client review due", "Beta Foods"), "Snooze")
	mustContain(t, m.Text, "snoozed", "2026-11-30")
	if n := h.count(`SELECT count(*) FROM clients WHERE id = $1 AND next_review_on = '2026-11-30'`, beta); n != 1 {
		t.Fatal("snooze did not move the review 7 days ahead")
	}
	// Running the job again the same day reminds nobody twice.
	if n := h.runJob("reminders"); n != 0 {
		t.Fatalf("second run enqueued %d, want 0", n)
	}
	// A forged button for a client that does not exist changes nothing.
	h.pressData(alice, m.ID, "rv:999999")
	mustContain(t, h.lastAnswer(), "does not exist")
}

func TestChurnAlertIsAcknowledgedAndAssignsAWinbackVisit(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	maria := h.join("Maria", access.Manager, east, "zh")
	acme := clientID(t, h.createClient(alice, "Acme Trading"))
	// Day 61 without contact for a key client (cadence 60).
	if _, err := h.pool.Exec(context.Background(), `UPDATE clients SET last_contact_at = '2026-09-23 10:00+08', created_at = '2026-01-05 10:00+08' WHERE id = $1`, acme); err != nil {
		t.Fatal(err)
	}
	if n := h.runJob("churn"); n != 1 {
		t.Fatalf("churn scan enqueued %d alerts, want 1 (the one manager)", n)
	}
	alert := h.waitMessage(maria, "流失预警", "Acme Trading", "61")
	if n := h.runJob("churn"); n != 0 {
		t.Fatalf("a second scan enqueued %d alerts for the same episode", n)
	}

	// The salesperson cannot act on the alert's buttons.
	h.pressData(alice, alert.ID, button(t, alert, "已知悉"))
	mustContain(t, h.lastAnswer(), "Only the team's managers")

	m := h.press(maria, alert, "已知悉")
	mustContain(t, m.Text, "Maria 已确认", "Acme Trading")
	m = h.press(maria, m, "挽回拜访")
	m = h.press(maria, m, "Alice")
	mustContain(t, m.Text, "挽回拜访：Alice", "2026-11-30")
	w := h.waitMessage(alice, "Win-back visit", "Acme Trading", "Maria")
	if !hasButton(w, "Log visit") {
		t.Fatalf("win-back request without a Log visit button: %v", w.Inline)
	}
	if n := h.count(`SELECT count(*) FROM churn_episodes WHERE client_id = $1 AND acknowledged_by IS NOT NULL AND winback_staff_id IS NOT NULL`, acme); n != 1 {
		t.Fatal("episode does not record the acknowledgement and the win-back visit")
	}
	// /risk lists the team's clients at risk, each opening its alert.
	list := h.say(maria, "/risk")
	mustContain(t, list.Text, "流失预警", "（1 个客户）", "Acme Trading", "已安排挽回")
	mustContain(t, h.press(maria, list, "Acme Trading").Text, "挽回拜访：Alice")
	mustContain(t, h.say(alice, "/risk").Text, "Clients at risk", "Acme Trading")
	h.pressData(maria, list.ID, "rk:-1")
	mustContain(t, h.lastAnswer(), "无效的按钮")
	// A forged assignment to someone outside the team is refused.
	h.pressData(maria, m.ID, "cw:"+strings.TrimPrefix(button(t, alert, "已知悉"), "ca:")+":999999")
	mustContain(t, h.lastAnswer(), "不是该团队")
}

func TestJobsScreenShowsJobsAndRetriesFailedMessagesForAdminsOnly(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	admin := h.join("Ada", access.Admin, east, "en")
	alice := h.join("Alice", access.Sales, east, "en")

	m := h.say(alice, "/jobs")
	mustContain(t, m.Text, "Only admins")

	// A message Telegram refuses ends as failed with its error.
	h.tg.FailNext("sendMessage", 1, 400, "Bad Request: message text is empty", 0)
	if _, err := outbox.Enqueue(context.Background(), h.pool, outbox.Message{Key: "test:1", ChatID: alice.ID, Kind: "review", Text: "Please review Acme"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return h.count(`SELECT count(*) FROM outbox WHERE status = 'failed'`) == 1 })

	m = h.say(admin, "/jobs")
	mustContain(t, m.Text, "Holiday and birthday greetings", "Churn alerts", "weekly digest", "0 9 * * 1-5",
		"failed 1", "message text is empty")
	m = h.press(admin, m, "Retry")
	h.waitMessage(alice, "Please review Acme")
	// Marked sent once Telegram confirmed it, a moment after delivery.
	waitFor(t, func() bool { return h.count(`SELECT count(*) FROM outbox WHERE status = 'sent'`) == 1 })
	m = h.press(admin, m, "churn")
	mustContain(t, h.lastAnswer(), "churn: 0 message(s) enqueued")
	mustContain(t, m.Text, "2026-11-23T09:30")

	// Forged and foreign buttons change nothing.
	h.pressData(alice, m.ID, "jr:churn")
	mustContain(t, h.lastAnswer(), "Only admins can run")
	h.pressData(alice, m.ID, "ob:1")
	mustContain(t, h.lastAnswer(), "Only admins can retry")
	h.pressData(admin, m.ID, "jr:nosuchjob")
	mustContain(t, h.lastAnswer(), "not valid")
	h.pressData(admin, m.ID, "ob:999999")
	mustContain(t, h.lastAnswer(), "no longer failed")
	if n := h.count(`SELECT count(*) FROM job_runs WHERE job = 'churn'`); n != 1 {
		t.Fatalf("%d churn runs, want only the admin's one", n)
	}
}

func TestJobsScreenShowsASendCutOffFromTelegramAsAShortCause(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	ada := h.join("Ada", access.Admin, east, "en")
	wang := h.join("Wang", access.Admin, east, "zh")
	alice := h.join("Alice", access.Sales, east, "en")

	// The bot stops; a sender cut off from Telegram (nothing listens where
	// it dials) tries the message and gives up.
	h.stop()
	quiet := slog.New(slog.DiscardHandler)
	tg, err := telegram.NewClient(telegramtest.Token, "http://"+freeAddr(t), time.Minute, quiet)
	if err != nil {
		t.Fatal(err)
	}
	limiter, err := ratelimit.New(h.rdb, h.cfg.RedisPrefix, ratelimit.Limits{Rate: 25})
	if err != nil {
		t.Fatal(err)
	}
	cut := push.New(tg, outbox.NewStore(h.pool), limiter, quiet, push.Config{Backoff: 10 * time.Millisecond, MaxAttempts: 2, Owner: "cut-off"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cut.Run(ctx) }()
	if _, err := outbox.Enqueue(context.Background(), h.pool, outbox.Message{Key: "test:cut", ChatID: alice.ID, Kind: "review", Text: "Please review Acme"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return h.count(`SELECT count(*) FROM outbox WHERE status = 'failed'`) == 1 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	h.start()

	en := h.say(ada, "/jobs").Text
	mustContain(t, en, "failed 1", "Telegram unreachable (network)")
	mustContain(t, h.say(wang, "/jobs").Text, "失败 1", "无法连接 Telegram（网络）")
	for _, leak := range []string{"http", "127.0.0.1", "dial tcp", "/bot", "error do request"} {
		if strings.Contains(en, leak) {
			t.Errorf("/jobs shows %q:\n%s", leak, en)
		}
	}
}

// waitFor polls cond until it holds, for what happens asynchronously.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached in 15 s")
}

func TestLunarNewYearGreetsTheSubscribedContactAndGivesTheOwnerAList(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	alice := h.join("Alice", access.Sales, east, "en")
	card := h.createClient(alice, "Acme Trading") // a key client: greeted by default
	cid := clientID(t, card)
	h.addContact(cid, "张伟")
	h.addContact(cid, "Li Na")

	// 张伟 subscribes through the link Alice forwards.
	m := h.press(alice, h.press(alice, card, "Contacts"), "Greeting link · 张伟")
	link := reGreetingLink.FindStringSubmatch(m.Text)
	if link == nil {
		t.Fatalf("no deep link in:\n%s", m.Text)
	}
	zhang := telegramtest.User{ID: 8901, FirstName: "伟", LanguageCode: "zh"}
	h.say(zhang, "/start "+link[1])

	// The eve of the festival at 23:59 is not the festival.
	h.clock.Add(time.Date(2027, 2, 5, 23, 59, 0, 0, shanghai).Sub(h.clock.Now()))
	if n := h.runJob("greetings"); n != 0 {
		t.Fatalf("greetings on the eve of Spring Festival: %d enqueued, want 0", n)
	}
	h.clock.Add(10 * time.Hour) // 2027-02-06 09:59, 春节
	if n := h.runJob("greetings"); n != 2 {
		t.Fatalf("greetings on Spring Festival: %d enqueued, want 2 (the subscriber, the owner's list)", n)
	}
	h.waitMessage(zhang, "张伟", "春节")
	list := h.waitMessage(alice, "Li Na", "Acme Trading", "Spring Festival")
	mustNotContain(t, list.Text, "张伟") // greeted directly, not through Alice
	if n := h.runJob("greetings"); n != 0 {
		t.Fatalf("a second run the same day enqueued %d", n)
	}
}

func TestBlockedUserIsMarkedUnreachableUntilTheyRestartTheBot(t *testing.T) {
	t.Parallel()
	h := setup(t)
	alice := h.join("Alice", access.Sales, h.team("East"), "en")
	h.tg.FailNext("sendMessage", 1, 403, "Forbidden: bot was blocked by the user", 0)
	if _, err := outbox.Enqueue(context.Background(), h.pool,
		outbox.Message{Key: "test:blocked:1", ChatID: alice.ID, Kind: "review", Text: "first"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return h.count(`SELECT count(*) FROM outbox_chats WHERE chat_id = $1 AND unreachable_at IS NOT NULL`, alice.ID) == 1
	})
	// Later messages to the chat are kept, marked unreachable, not sent.
	if _, err := outbox.Enqueue(context.Background(), h.pool,
		outbox.Message{Key: "test:blocked:2", ChatID: alice.ID, Kind: "review", Text: "second"}); err != nil {
		t.Fatal(err)
	}
	if n := h.count(`SELECT count(*) FROM outbox WHERE status = 'unreachable'`); n != 2 {
		t.Fatalf("%d unreachable rows, want 2", n)
	}
	// Restart sends /start: the chat is reachable again.
	h.say(alice, "/start")
	if n := h.count(`SELECT count(*) FROM outbox_chats WHERE chat_id = $1 AND unreachable_at IS NOT NULL`, alice.ID); n != 0 {
		t.Fatal("chat still unreachable after /start")
	}
	if _, err := outbox.Enqueue(context.Background(), h.pool,
		outbox.Message{Key: "test:blocked:3", ChatID: alice.ID, Kind: "review", Text: "third"}); err != nil {
		t.Fatal(err)
	}
	h.waitMessage(alice, "third")
}

func TestServeCatchesUpTodaysJobsAtStart(t *testing.T) {
	t.Parallel()
	// The harness clock stands on Monday 09:30: every job's latest period
	// (greetings, reminders, digest at 09:00, churn at 08:00, escalation at
	// 09:00, retention at 03:30, the duplicate sweep and the report of the
	// 1st, within this month's catch-up window) is due, and a bot starting
	// now runs each once.
	jobs := len(config.JobNames)
	h := setupWith(t, map[string]string{"SCHEDULER": "true"})
	waitFor(t, func() bool {
		return h.count(`SELECT count(*) FROM job_runs WHERE finished_at IS NOT NULL AND error IS NULL`) == jobs
	})
	h.logs.waitCount(t, "scheduler started", 1)
	h.stop()
	h.start()
	// The second start's catch-up has looked at every job when it starts cron.
	h.logs.waitCount(t, "scheduler started", 2)
	if n := h.count(`SELECT count(*) FROM job_runs`); n != jobs {
		t.Fatalf("%d job runs after a restart, want the same %d", n, jobs)
	}
	if n := h.count(`SELECT count(*) FROM job_runs WHERE period = '2026-11-23T09:00' AND job = 'greetings'`); n != 1 {
		t.Fatal("today's greetings period not recorded")
	}
}
