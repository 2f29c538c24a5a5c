package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// groupChat is a Telegram group the bot was added to.
const groupChat = -5001

// sayInGroup sends text from u into the group and waits until it is handled.
func (h *harness) sayInGroup(u telegramtest.User, text string) {
	h.t.Helper()
	msg := map[string]any{
		"message_id": h.nextID.Add(1), "date": time.Now().Unix(),
		"chat": map[string]any{"id": groupChat, "type": "group", "title": "Sales East"},
		"from": map[string]any{"id": u.ID, "is_bot": false, "first_name": u.FirstName, "language_code": u.LanguageCode},
		"text": text,
	}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(cmd)}}
	}
	h.waitDone(h.tg.PushUpdate(map[string]any{"message": msg}))
}

func TestGroupChatGetsAtMostTheOneLinePrivateChatNoticeAndNoData(t *testing.T) {
	t.Parallel()
	h := setup(t)
	alice := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(alice, "Acme Trading")
	private := len(h.tg.Messages(alice.ID))

	h.sayInGroup(alice, "acme")
	if n := len(h.tg.Messages(groupChat)); n != 0 {
		t.Fatalf("plain text in a group got %d replies, want none", n)
	}
	for i, cmd := range []string{"/today", "/client acme", "/mine", "/visit Acme: phone leaked?"} {
		h.sayInGroup(alice, cmd)
		msgs := h.tg.Messages(groupChat)
		if len(msgs) != i+1 {
			t.Fatalf("after %q the group has %d messages, want %d", cmd, len(msgs), i+1)
		}
		last := msgs[len(msgs)-1]
		mustContain(t, last.Text, "Please talk to me in a private chat.")
		mustNotContain(t, last.Text, "Acme", "Today", "My clients")
		if len(last.Inline) != 0 || len(last.Reply) != 0 {
			t.Fatalf("group notice carries a keyboard: %+v", last)
		}
	}
	if n := len(h.tg.Messages(alice.ID)); n != private {
		t.Fatalf("group messages caused %d private messages", n-private)
	}
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Fatalf("a /visit in a group stored %d visits", n)
	}
}

func TestUnknownCommandIsAnsweredInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	h := setup(t)
	en := h.join("Alice", access.Sales, h.team("East"), "en")
	zh := h.join("王芳", access.Sales, h.team("East"), "zh")
	mustContain(t, h.say(en, "/frobnicate now").Text, "I don't know that command", "/help")
	mustContain(t, h.say(zh, "/导出").Text, "不认识这个命令", "/help")
}

func TestOverlongTextAndSearchAreRefusedPolitely(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")

	m := h.say(u, strings.Repeat("a", 5000))
	mustContain(t, m.Text, "That text is too long (5000 characters)", "under 4000")
	m = h.say(u, strings.Repeat("华", 101))
	mustContain(t, m.Text, "That search is too long", "under 100 characters")
	m = h.say(u, "/client "+strings.Repeat("acme ", 30))
	mustContain(t, m.Text, "That search is too long")
	// A search of exactly 100 characters still runs.
	m = h.say(u, strings.Repeat("z", 100))
	mustContain(t, m.Text, "No client matches")
	// And an ordinary one afterwards finds the client.
	if !hasButton(h.say(u, "acme"), "Acme Trading") {
		t.Fatal("search does not work after the refusals")
	}
}

func TestUpdateThatKeepsFailingIsAbandonedAndTheUserIsTold(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("Alice", access.Sales, h.team("East"), "en")
	h.createClient(u, "Acme Trading")
	ctx := context.Background()
	if _, err := h.pool.Exec(ctx, `DROP TABLE feedback CASCADE`); err != nil {
		t.Fatal(err)
	}

	// A missing table is no outage: retrying cannot help, so the update is
	// given up after a few quick tries, for good, and the user is told.
	start := time.Now()
	id := h.tg.SendText(u, "/today")
	h.waitDone(id)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("giving up took %v, want about a second of retries", d)
	}
	m := h.waitMessage(u, "an error on our side", "nothing half-done was saved")
	mustNotContain(t, m.Text, "feedback", "relation", "ERROR")

	var attempts int
	var lastErr string
	var done, abandoned bool
	if err := h.pool.QueryRow(ctx, `SELECT attempts, last_error, processed_at IS NOT NULL, abandoned_at IS NOT NULL
		FROM updates WHERE update_id = $1`, id).Scan(&attempts, &lastErr, &done, &abandoned); err != nil {
		t.Fatal(err)
	}
	if attempts != 3 || !strings.Contains(lastErr, `relation "feedback" does not exist`) || !done || !abandoned {
		t.Fatalf("update row: attempts %d, last_error %q, processed %v, abandoned %v; want 3, the cause, true, true",
			attempts, lastErr, done, abandoned)
	}
	mustNotContain(t, lastErr, "ERROR:", "SQLSTATE", ": :")
	// The poisoned update does not block the chat.
	mustContain(t, h.say(u, "/mine").Text, "My clients", "Acme Trading")
}

func TestButtonPressThatKeepsFailingIsAnsweredWithAPopUp(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("王芳", access.Sales, h.team("East"), "zh")
	h.say(u, "/lang")
	h.press(u, h.last(u), "English")
	card := h.createClient(u, "Acme Trading")
	h.press(u, h.say(u, "/lang"), "中文")
	ctx := context.Background()
	if _, err := h.pool.Exec(ctx, `DROP TABLE feedback CASCADE`); err != nil {
		t.Fatal(err)
	}
	h.pressData(u, card.ID, "c:"+strconv.FormatInt(clientID(t, card), 10))
	c := h.tg.WaitFor(t, 10*time.Second, func(c telegramtest.Call) bool {
		return c.Method == "answerCallbackQuery" && strings.Contains(c.Params["text"], "抱歉，这一步因系统错误没有完成")
	})
	if c.Params["show_alert"] != "true" {
		t.Fatalf("the failure is not shown as an alert: %v", c.Params)
	}
	// The message follows through the outbox, in case the pop-up was missed.
	h.waitMessage(u, "抱歉，这一步因系统错误没有完成")
}
