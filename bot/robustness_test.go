package bot_test

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

	start := time.Now()
	id := h.tg.SendText(u, "/today")
	h.waitDone(id)
	if d := time.Since(start); d > 6*time.Second {
		t.Fatalf("giving up took %v, want about 3s of retries", d)
	}
	m := h.last(u)
	mustContain(t, m.Text, "something went wrong", "nothing half-done was saved")
	mustNotContain(t, m.Text, "feedback", "relation", "ERROR")

	var attempts int
	var lastErr string
	var done bool
	if err := h.pool.QueryRow(ctx, `SELECT attempts, last_error, processed_at IS NOT NULL FROM updates WHERE update_id = $1`, id).
		Scan(&attempts, &lastErr, &done); err != nil {
		t.Fatal(err)
	}
	if attempts != 5 || !strings.Contains(lastErr, "feedback") || !done {
		t.Fatalf("update row: attempts %d, last_error %q, processed %v; want 5, the error, true", attempts, lastErr, done)
	}
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
	mustContain(t, h.lastAnswer(), "抱歉，系统暂时出了问题")
	calls := h.tg.CallsTo("answerCallbackQuery")
	if c := calls[len(calls)-1]; c.Params["show_alert"] != "true" {
		t.Fatalf("the failure is not shown as an alert: %v", c.Params)
	}
}
