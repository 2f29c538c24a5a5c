package telegramtest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

var errNotModified = badRequest("message is not modified: specified new message content and reply markup " +
	"are exactly the same as a current content and reply markup of the message")

func messageIDParam(req request) (int64, *apiError) {
	id, err := strconv.ParseInt(req.params["message_id"], 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("message identifier is not specified")
	}
	return id, nil
}

// messageRef reads the chat and message an edit or a delete is about.
func messageRef(req request) (chat, id int64, e *apiError) {
	if chat, e = chatIDParam(req); e != nil {
		return 0, 0, e
	}
	id, e = messageIDParam(req)
	return chat, id, e
}

// editMarkup parses the reply_markup of an edit, which only takes an inline
// keyboard, and returns the normalized markup to store (nil: none).
func editMarkup(req request) (markup, json.RawMessage, *apiError) {
	mk, e := parseMarkup(req.params["reply_markup"])
	if e != nil {
		return mk, nil, e
	}
	if req.params["reply_markup"] != "" && !mk.isInline() {
		return mk, nil, badRequest("inline keyboard expected")
	}
	if len(mk.inline) == 0 {
		return mk, nil, nil
	}
	return mk, mk.inlineRaw, nil
}

// editMessageText replaces the text and, as on Telegram, the inline keyboard:
// an edit without reply_markup removes the keyboard.
func (s *Server) editMessageText(req request) (any, *apiError) {
	text, pm := req.params["text"], req.params["parse_mode"]
	if e := checkText(text, pm); e != nil {
		return nil, e
	}
	return s.editLocked(req, func(m *stored, mk markup, raw json.RawMessage) (any, *apiError) {
		if m.msg.Kind != "text" {
			return nil, badRequest("there is no text in the message to edit")
		}
		if m.msg.Text == text && strings.EqualFold(m.msg.ParseMode, pm) && bytes.Equal(m.markup, raw) {
			return nil, errNotModified
		}
		m.msg.Text, m.msg.ParseMode = text, pm
		m.msg.Inline, m.markup = mk.inline, raw
		return s.editedLocked(m), nil
	})
}

func (s *Server) editMessageReplyMarkup(req request) (any, *apiError) {
	return s.editLocked(req, func(m *stored, mk markup, raw json.RawMessage) (any, *apiError) {
		if bytes.Equal(m.markup, raw) {
			return nil, errNotModified
		}
		m.msg.Inline, m.markup = mk.inline, raw
		return s.editedLocked(m), nil
	})
}

// editLocked does what every edit shares: it reads the new inline keyboard,
// accepts an inline message blindly, finds the bot's message by chat and id
// and calls apply on it with the server locked.
func (s *Server) editLocked(req request, apply func(m *stored, mk markup, raw json.RawMessage) (any, *apiError)) (any, *apiError) {
	mk, raw, e := editMarkup(req)
	if e != nil {
		return nil, e
	}
	if req.params["inline_message_id"] != "" {
		return true, nil
	}
	chat, id, e := messageRef(req)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findLocked(chat, id)
	if m == nil {
		return nil, badRequest("message to edit not found")
	}
	return apply(m, mk, raw)
}

func (s *Server) editedLocked(m *stored) map[string]any {
	m.msg.Edited = true
	m.editDate = s.dateLocked()
	s.touchLocked(m.msg.ChatID)
	s.notifyLocked()
	return s.renderLocked(m)
}

// deleteMessage deletes a bot message (kept in Messages, marked Deleted) or a
// message a user sent.
func (s *Server) deleteMessage(req request) (any, *apiError) {
	chat, id, e := messageRef(req)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.findLocked(chat, id); m != nil {
		m.msg.Deleted = true
		s.touchLocked(chat)
		s.notifyLocked()
		return true, nil
	}
	if s.userMsgs[chat][id] {
		delete(s.userMsgs[chat], id)
		s.deleteSaidLocked(chat, id)
		s.notifyLocked()
		return true, nil
	}
	return nil, badRequest("message to delete not found")
}
