package push_test

import "github.com/ledgerbot/ledgerbot/internal/outbox"

// text is the text of the message with key k, as the fake server sees it.
func text(k string) string { return "<b>" + k + "</b> 提醒" }

func pushMsg(k string, chat int64) outbox.Message {
	return outbox.Message{Key: k, ChatID: chat, Kind: "review", Text: text(k)}
}
