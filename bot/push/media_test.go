package push_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/push/pushtest"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

var ackButtons = [][]outbox.Button{{{Text: "打开客户卡片", Data: "c:open:42"}, {Text: "知道了", Data: "ack:42"}}}

func inlineOf(t *testing.T, c telegramtest.Call) string {
	t.Helper()
	var m struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if c.Params["reply_markup"] == "" {
		return ""
	}
	if err := json.Unmarshal([]byte(c.Params["reply_markup"]), &m); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			parts = append(parts, b.Text+"="+b.CallbackData)
		}
	}
	return strings.Join(parts, ",")
}

func TestLongTextIsSplitAtLineBreaksWithButtonsOnTheLastPart(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	line := strings.Repeat("客", 1500) + "\n"
	m := outbox.Message{Key: "digest:1", ChatID: 30, Kind: "digest", Text: line + line + line + "<b>合计</b>", Buttons: ackButtons}
	e.Enqueue(m)
	e.Start(e.Config())
	if st := e.WaitSettled(20 * time.Second); st.Sent != 1 {
		t.Fatalf("stats %+v", st)
	}
	calls := e.TG.CallsTo("sendMessage")
	if len(calls) != 2 {
		t.Fatalf("%d sendMessage calls, want 2 parts", len(calls))
	}
	if calls[0].Params["text"] != line+line || calls[1].Params["text"] != line+"<b>合计</b>" {
		t.Fatalf("parts cut elsewhere than at line breaks")
	}
	if inlineOf(t, calls[0]) != "" || inlineOf(t, calls[1]) != "打开客户卡片=c:open:42,知道了=ack:42" {
		t.Fatalf("buttons: first %q, last %q", inlineOf(t, calls[0]), inlineOf(t, calls[1]))
	}
	for _, c := range calls {
		if c.Params["parse_mode"] != "HTML" || !strings.Contains(c.Params["link_preview_options"], `"is_disabled":true`) {
			t.Fatalf("call params %v: want HTML and no link preview", c.Params)
		}
	}
	if d := calls[1].At.Sub(calls[0].At); d < 950*time.Millisecond {
		t.Fatalf("parts %v apart, want the per-chat spacing", d)
	}
	var tgID int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT tg_message_id FROM outbox`).Scan(&tgID); err != nil {
		t.Fatal(err)
	}
	if msgs := e.TG.Messages(30); len(msgs) != 2 || msgs[1].ID != tgID {
		t.Fatalf("tg_message_id %d, messages %+v: want the last part's id", tgID, msgs)
	}
}

func TestPhotoIsUploadedMultipartWithItsCaptionAndButtons(t *testing.T) {
	t.Parallel()
	e := pushtest.New(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 5000)...)
	longCaption := strings.Repeat("周", 1100)
	e.Enqueue(outbox.Message{Key: "digest:short", ChatID: 40, Kind: "digest", Text: "<b>本周拜访</b>", Photo: png, Buttons: ackButtons},
		outbox.Message{Key: "digest:long", ChatID: 41, Kind: "digest", Text: longCaption, Photo: png, Buttons: ackButtons})
	e.Start(e.Config())
	if st := e.WaitSettled(20 * time.Second); st.Sent != 2 {
		t.Fatalf("stats %+v", st)
	}
	short := e.CallsTo(40)
	if len(short) != 1 || short[0].Method != "sendPhoto" || !bytes.Equal(short[0].Files["photo"], png) ||
		short[0].Params["caption"] != "<b>本周拜访</b>" || short[0].Params["parse_mode"] != "HTML" ||
		inlineOf(t, short[0]) != "打开客户卡片=c:open:42,知道了=ack:42" {
		t.Fatalf("short caption: %s", telegramtest.FormatCalls(short))
	}
	long := e.CallsTo(41)
	methods := []string{}
	for _, c := range long {
		methods = append(methods, c.Method)
	}
	if !slices.Equal(methods, []string{"sendPhoto", "sendMessage"}) || !bytes.Equal(long[0].Files["photo"], png) ||
		long[0].Params["caption"] != "" || inlineOf(t, long[0]) != "" ||
		long[1].Params["text"] != longCaption || inlineOf(t, long[1]) == "" {
		t.Fatalf("long caption: want the photo, then the text with the buttons:\n%s", telegramtest.FormatCalls(long))
	}
}
