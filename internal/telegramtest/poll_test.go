package telegramtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestGetUpdatesLongPollReturnsAsSoonAsAnUpdateArrives(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	go func() {
		time.Sleep(200 * time.Millisecond)
		s.SendText(alice, "/start@ledger_test_bot hi")
	}()
	start := time.Now()
	ups := mustGetUpdates(t, s, 0, 2, 100, "")
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond || elapsed > time.Second {
		t.Errorf("long poll returned after %v, want about 200ms", elapsed)
	}
	if len(ups) != 1 {
		t.Fatalf("got %d updates, want 1", len(ups))
	}
	raw, _ := json.Marshal(ups[0])
	var upd models.Update
	if err := json.Unmarshal(raw, &upd); err != nil || upd.Message == nil {
		t.Fatalf("update %s: %v", raw, err)
	}
	m := upd.Message
	if m.Text != "/start@ledger_test_bot hi" || m.From.ID != alice.ID || m.From.LanguageCode != "zh-hans" ||
		m.Chat.ID != alice.ID || m.Chat.Type != models.ChatTypePrivate || m.Date == 0 {
		t.Errorf("message = %s", raw)
	}
	want := models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: len("/start@ledger_test_bot")}
	if len(m.Entities) != 1 || m.Entities[0] != want {
		t.Errorf("entities = %+v, want %+v", m.Entities, want)
	}
}

func TestGetUpdatesWithoutUpdatesAnswersEmptyAfterTimeout(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	start := time.Now()
	ups := mustGetUpdates(t, s, 0, 1, 100, "")
	if elapsed := time.Since(start); len(ups) != 0 || elapsed < 900*time.Millisecond {
		t.Errorf("got %d updates after %v, want none after 1s", len(ups), elapsed)
	}
}

func TestGetUpdatesOffsetConfirmsAndDropsUpdatesForever(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	id1 := s.SendText(alice, "one")
	id2 := s.SendLocation(alice, 31.23, 121.47)
	id3 := s.SendVoice(alice, "voice-1", 7)
	if id2 != id1+1 || id3 != id2+1 {
		t.Fatalf("update ids %d %d %d are not consecutive", id1, id2, id3)
	}
	if ups := mustGetUpdates(t, s, 0, 0, 100, ""); len(ups) != 3 || s.Pending() != 3 {
		t.Fatalf("first fetch: %d updates, %d pending; want 3, 3 (fetching confirms nothing)", len(ups), s.Pending())
	}
	ups := mustGetUpdates(t, s, id2, 0, 100, "")
	if len(ups) != 2 || updateID(t, ups[0]) != id2 || s.Pending() != 2 {
		t.Fatalf("offset %d: %v, %d pending", id2, ups, s.Pending())
	}
	if ups := mustGetUpdates(t, s, id3+1, 0, 100, ""); len(ups) != 0 || s.Pending() != 0 {
		t.Fatalf("offset past the last: %v, %d pending", ups, s.Pending())
	}
	if ups := mustGetUpdates(t, s, 0, 0, 100, ""); len(ups) != 0 {
		t.Errorf("confirmed updates came back: %v", ups)
	}
}

func TestGetUpdatesHonoursLimitAndAllowedUpdates(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	msg := s.SendPhoto(alice, "photo-1", "门店照片")
	s.PushUpdate(map[string]any{"edited_message": map[string]any{"message_id": 1, "date": 1, "chat": map[string]any{"id": 42, "type": "private"}}})
	press := s.PressButton(alice, 5, "x")
	allowed := `["message","callback_query"]`
	ups := mustGetUpdates(t, s, 0, 0, 1, allowed)
	if len(ups) != 1 || updateID(t, ups[0]) != msg {
		t.Fatalf("limit 1: %v", ups)
	}
	photos := ups[0]["message"].(map[string]any)["photo"].([]any)
	if last := photos[len(photos)-1].(map[string]any); last["file_id"] != "photo-1" {
		t.Errorf("largest photo size = %v, want file_id photo-1", last)
	}
	ups = mustGetUpdates(t, s, msg+1, 0, 100, "") // allowed_updates persists
	if len(ups) != 1 || updateID(t, ups[0]) != press {
		t.Fatalf("after the message: %v, want only the callback query", ups)
	}
}

func TestNewerGetUpdatesTerminatesAWaitingOneWithConflict(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	type result struct {
		status int
		r      apiResp
	}
	done := make(chan result, 1)
	go func() {
		status, r, _, _ := getUpdates(context.Background(), t, s, 0, 2, 100, "")
		done <- result{status, r}
	}()
	time.Sleep(100 * time.Millisecond)
	mustGetUpdates(t, s, 0, 0, 100, "")
	select {
	case res := <-done:
		if res.status != http.StatusConflict || res.r.ErrorCode != 409 {
			t.Errorf("older poll: %d %+v, want 409", res.status, res.r)
		}
	case <-time.After(time.Second):
		t.Fatal("older poll still waiting")
	}
}

func TestGetUpdatesStopsWaitingWhenTheRequestIsCancelled(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, _, err := getUpdates(ctx, t, s, 0, 30, 100, "")
	if err == nil || time.Since(start) > time.Second {
		t.Errorf("cancelled poll: err %v after %v", err, time.Since(start))
	}
	s.SendText(alice, "after")
	if ups := mustGetUpdates(t, s, 0, 1, 100, ""); len(ups) != 1 {
		t.Errorf("update queued after a cancelled poll: got %d", len(ups))
	}
}

func TestFailNextAppliesToGetUpdates(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	s.SendText(alice, "x")
	s.FailNext("getUpdates", 1, 502, "Bad Gateway", 0)
	status, r, _, err := getUpdates(context.Background(), t, s, 0, 0, 100, "")
	if err != nil || status != 502 || r.OK || r.Description != "Bad Gateway" || r.Parameters != nil {
		t.Errorf("failed poll: %d %+v %v", status, r, err)
	}
	if ups := mustGetUpdates(t, s, 0, 0, 100, ""); len(ups) != 1 {
		t.Errorf("next poll: %d updates, want 1", len(ups))
	}
	if n := len(s.Calls()); n != 0 {
		t.Errorf("getUpdates recorded as %d calls", n)
	}
}
