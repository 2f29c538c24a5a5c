package telegramtest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// What a person in front of a chat sees beyond the bot's messages: their own
// messages, the command menu and the answers to their button presses. Tests
// rarely need it; the sandbox's web chat draws a chat from it.

// Entry is one message of a private chat as its user sees it: the bot's,
// with its current contents, or the user's own.
type Entry struct {
	Message
	// FromUser is set for a message the user sent.
	FromUser bool
	// Date is when the message was sent, by the server's clock (SetClock).
	Date time.Time
	// Latitude and Longitude are a location's.
	Latitude, Longitude float64
}

// Command is one entry of a command menu (setMyCommands).
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Answer is the bot's answer to a button press that carried a text
// (answerCallbackQuery): a toast, or an alert the user must dismiss.
type Answer struct {
	Text  string
	Alert bool
	// Rev is the chat's revision the answer made (see Transcript).
	Rev uint64
}

// viewState holds what Transcript, Commands and Answers return.
type viewState struct {
	seq     uint64           // last revision handed out, over all chats
	rev     map[int64]uint64 // chat -> revision of its last visible change
	said    map[int64][]*Entry
	menus   map[menuScope][]Command
	answers map[int64][]Answer
	cbChat  map[string]int64 // callback query id -> chat it was pressed in
}

// menuScope is a setMyCommands scope with its language ("" for any).
type menuScope struct {
	kind string // default, all_private_chats, chat, ...
	chat int64
	lang string
}

// touchLocked records a visible change in chat and returns its revision.
func (s *Server) touchLocked(chat int64) uint64 {
	v := &s.view
	if v.rev == nil {
		v.rev = map[int64]uint64{}
	}
	v.seq++
	v.rev[chat] = v.seq
	return v.seq
}

// Transcript returns chatID as its user sees it, oldest first: the bot's
// messages (deleted ones left out) and the user's own, and the chat's
// revision, which grows with every change a user could see (WaitChat).
func (s *Server) Transcript(chatID int64) (entries []Entry, rev uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.chats[chatID] {
		if m.msg.Deleted {
			continue
		}
		e := Entry{Message: m.msg, Date: time.Unix(m.date, 0)}
		if loc, ok := m.media["location"].(map[string]any); ok {
			e.Latitude, _ = loc["latitude"].(float64)
			e.Longitude, _ = loc["longitude"].(float64)
		}
		entries = append(entries, e)
	}
	for _, e := range s.view.said[chatID] {
		if !e.Deleted {
			entries = append(entries, *e)
		}
	}
	slices.SortStableFunc(entries, func(a, b Entry) int { return cmp.Compare(a.ID, b.ID) })
	return entries, s.view.rev[chatID]
}

// WaitChat waits until chatID's revision is above since and returns it; it
// returns ctx's error when ctx ends first. A web page long-polls with it.
func (s *Server) WaitChat(ctx context.Context, chatID int64, since uint64) (uint64, error) {
	for {
		s.mu.Lock()
		rev, changed := s.view.rev[chatID], s.changed
		s.mu.Unlock()
		if rev > since {
			return rev, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return rev, fmt.Errorf("wait for chat %d: %w", chatID, ctx.Err())
		case <-s.closing:
			return rev, fmt.Errorf("wait for chat %d: server closed", chatID)
		}
	}
}

// recordSaidLocked keeps a message the user sent (fields as in the
// update's message) for Transcript.
func (s *Server) recordSaidLocked(chat, id, date int64, fields map[string]any) {
	e := &Entry{Message: Message{ID: id, ChatID: chat}, FromUser: true, Date: time.Unix(date, 0)}
	text, _ := fields["text"].(string)
	caption, _ := fields["caption"].(string)
	switch {
	case fields["document"] != nil:
		doc, _ := fields["document"].(map[string]any)
		e.Kind, e.Text = "document", caption
		e.FileName, _ = doc["file_name"].(string)
		e.FileID, _ = doc["file_id"].(string)
	case fields["location"] != nil:
		loc, _ := fields["location"].(map[string]any)
		e.Kind = "location"
		e.Latitude, _ = loc["latitude"].(float64)
		e.Longitude, _ = loc["longitude"].(float64)
	case fields["photo"] != nil:
		e.Kind, e.Text = "photo", caption
		if sizes, ok := fields["photo"].([]map[string]any); ok && len(sizes) > 0 {
			e.FileID, _ = sizes[len(sizes)-1]["file_id"].(string)
		}
	case fields["contact"] != nil:
		c, _ := fields["contact"].(map[string]any)
		phone, _ := c["phone_number"].(string)
		name, _ := c["first_name"].(string)
		e.Kind, e.Text = "contact", name+" "+phone
	case fields["voice"] != nil:
		e.Kind = "voice"
	default:
		e.Kind, e.Text = "text", text
	}
	if s.view.said == nil {
		s.view.said = map[int64][]*Entry{}
	}
	s.view.said[chat] = append(s.view.said[chat], e)
	s.touchLocked(chat)
}

// deleteSaidLocked marks a user's message deleted; an unknown id changes nothing.
func (s *Server) deleteSaidLocked(chat, id int64) {
	for _, e := range s.view.said[chat] {
		if e.ID == id {
			e.Deleted = true
			s.touchLocked(chat)
		}
	}
}

// Commands returns the command menu a user of chatID with language lang
// sees, resolved as Telegram does for a private chat: the chat's own scope,
// then all private chats, then the default scope, each with the user's
// language before any language.
func (s *Server) Commands(chatID int64, lang string) []Command {
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-") // Telegram matches two-letter codes
	langs := []string{lang, ""}
	if lang == "" {
		langs = langs[1:]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sc := range []menuScope{{kind: "chat", chat: chatID}, {kind: "all_private_chats"}, {kind: "default"}} {
		for _, l := range langs {
			sc.lang = l
			if cmds, ok := s.view.menus[sc]; ok {
				return slices.Clone(cmds)
			}
		}
	}
	return nil
}

// scopeOf reads setMyCommands' scope and language_code.
func scopeOf(req request) (menuScope, *apiError) {
	sc := menuScope{kind: "default", lang: req.params["language_code"]}
	if raw := req.params["scope"]; raw != "" {
		var v struct {
			Type   string `json:"type"`
			ChatID int64  `json:"chat_id"`
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil || v.Type == "" {
			return sc, badRequest("can't parse BotCommandScope JSON object")
		}
		sc.kind, sc.chat = v.Type, v.ChatID
	}
	return sc, nil
}

// storeMenu keeps a validated menu for Commands; an empty one removes it.
func (s *Server) storeMenu(sc menuScope, cmds []Command) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.view.menus == nil {
		s.view.menus = map[menuScope][]Command{}
	}
	if len(cmds) == 0 {
		delete(s.view.menus, sc)
	} else {
		s.view.menus[sc] = cmds
	}
	if sc.kind == "chat" {
		s.touchLocked(sc.chat)
	}
	s.notifyLocked()
}

func (s *Server) deleteMyCommands(req request) (any, *apiError) {
	sc, e := scopeOf(req)
	if e != nil {
		return nil, e
	}
	s.storeMenu(sc, nil)
	return true, nil
}

// Answers returns the texts the bot answered button presses in chatID with,
// oldest first.
func (s *Server) Answers(chatID int64) []Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.view.answers[chatID])
}

// recordAnswerLocked keeps the text of answerCallbackQuery for the chat the
// query came from.
func (s *Server) recordAnswerLocked(queryID, text string, alert bool) {
	chat, ok := s.view.cbChat[queryID]
	if !ok || text == "" {
		return
	}
	if s.view.answers == nil {
		s.view.answers = map[int64][]Answer{}
	}
	s.view.answers[chat] = append(s.view.answers[chat], Answer{Text: text, Alert: alert, Rev: s.touchLocked(chat)})
	s.notifyLocked()
}

// File returns the bytes of a file by its file_id: one a user sent
// (SendDocument) or one the bot uploaded (sendDocument, sendPhoto).
func (s *Server) File(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sf := s.files.byID[fileID]; sf != nil {
		return sf.data, true
	}
	return nil, false
}
