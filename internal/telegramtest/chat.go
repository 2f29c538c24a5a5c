package telegramtest

import (
	"encoding/json"
	"slices"
)

// Button is one keyboard button as the bot sent it.
type Button struct {
	Text string
	// Data is the callback_data of an inline button.
	Data string
	// URL is the url of an inline button.
	URL string
	// RequestLocation and RequestContact mark reply-keyboard buttons that
	// share the user's location or phone number.
	RequestLocation bool
	RequestContact  bool
}

// Message is a message the bot sent, with its current contents.
type Message struct {
	ID, ChatID int64
	// Kind is "text", "photo", "document" or "location".
	Kind string
	// Text is the text exactly as the bot sent it (markup included), or the
	// caption of a photo or document.
	Text      string
	ParseMode string
	// Inline is the inline keyboard under the message.
	Inline [][]Button
	// Reply is the reply keyboard the message installed.
	Reply [][]Button
	// RemoveKeyboard is set when the message removed the reply keyboard.
	RemoveKeyboard bool
	// FileName is the name of a sent document.
	FileName string
	// FileID is the file_id of a photo or document (File returns its bytes
	// when it was uploaded).
	FileID string
	// Edited is set once editMessageText or editMessageReplyMarkup changed it.
	Edited bool
	// Deleted is set once deleteMessage removed it from the chat.
	Deleted bool
}

// stored is a bot message with what is needed to render it as the API does.
type stored struct {
	msg      Message
	date     int64
	editDate int64
	markup   json.RawMessage // normalized inline keyboard; nil when none
	media    map[string]any  // photo, document or location fields
}

// Messages returns the bot's messages in chatID in send order, with their
// current (edited) contents. Deleted messages stay in the list, marked
// Deleted, so a test can tell that the bot cleaned up.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(s.chats[chatID]))
	for _, m := range s.chats[chatID] {
		out = append(out, m.msg)
	}
	return out
}

// LastMessage returns the bot's latest message in chatID that is not deleted:
// what the user sees at the bottom of the chat.
func (s *Server) LastMessage(chatID int64) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	msgs := s.chats[chatID]
	for i := len(msgs) - 1; i >= 0; i-- {
		if !msgs[i].msg.Deleted {
			return msgs[i].msg, true
		}
	}
	return Message{}, false
}

// findLocked returns the bot's live message id in chatID, or nil.
func (s *Server) findLocked(chatID, id int64) *stored {
	i := slices.IndexFunc(s.chats[chatID], func(m *stored) bool { return m.msg.ID == id })
	if i < 0 || s.chats[chatID][i].msg.Deleted {
		return nil
	}
	return s.chats[chatID][i]
}

// renderLocked is the Message object the Bot API returns for m.
func (s *Server) renderLocked(m *stored) map[string]any {
	o := map[string]any{
		"message_id": m.msg.ID, "from": botUser(), "chat": s.chatLocked(m.msg.ChatID), "date": m.date,
	}
	if m.editDate != 0 {
		o["edit_date"] = m.editDate
	}
	// Telegram answers with the text after parsing the markup.
	visible, _ := parseText(m.msg.Text, m.msg.ParseMode)
	switch {
	case m.msg.Kind == "text":
		o["text"] = visible
	case m.msg.Text != "":
		o["caption"] = visible
	}
	for k, v := range m.media {
		o[k] = v
	}
	if m.markup != nil {
		o["reply_markup"] = m.markup
	}
	return o
}

// chatLocked is the Chat object of chatID: a private chat with a known user
// for positive ids, a group or supergroup for negative ones.
func (s *Server) chatLocked(chatID int64) map[string]any {
	switch {
	case chatID < -1_000_000_000_000:
		return map[string]any{"id": chatID, "type": "supergroup", "title": "Test supergroup"}
	case chatID < 0:
		return map[string]any{"id": chatID, "type": "group", "title": "Test group"}
	}
	c := map[string]any{"id": chatID, "type": "private"}
	if u, ok := s.users[chatID]; ok {
		for k, v := range userObject(u) {
			if k == "first_name" || k == "last_name" || k == "username" {
				c[k] = v
			}
		}
	}
	return c
}

// botUser is the bot's own User object, as getMe returns it.
func botUser() map[string]any {
	return map[string]any{"id": 123456, "is_bot": true, "first_name": "Ledger Bot", "username": "ledger_test_bot"}
}

// Keyboard returns the reply keyboard the user of chatID currently sees: the
// one installed by the bot's latest message that set or removed one (nil when
// none or removed).
func (s *Server) Keyboard(chatID int64) [][]Button {
	s.mu.Lock()
	defer s.mu.Unlock()
	msgs := s.chats[chatID]
	for i := len(msgs) - 1; i >= 0; i-- {
		switch m := msgs[i].msg; {
		case m.RemoveKeyboard:
			return nil
		case m.Reply != nil:
			return m.Reply
		}
	}
	return nil
}
