package telegramtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// User is a Telegram user talking to the bot. The id of the user's private
// chat with the bot equals the user id.
type User struct {
	ID                                          int64
	FirstName, LastName, Username, LanguageCode string
}

// queued is an update waiting to be fetched and confirmed.
type queued struct {
	id   int64
	kind string // message, callback_query, ...
	body json.RawMessage
}

// PushUpdate queues any update, given as its JSON object. It assigns the next
// update_id when raw has none (or 0) and returns the update's id. raw must be
// JSON-marshalable; the caller's map is not modified.
func (s *Server) PushUpdate(raw map[string]any) int64 {
	upd := maps.Clone(raw)
	if upd == nil {
		upd = map[string]any{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := toInt64(upd["update_id"])
	if id == 0 {
		id = s.nextUpdateID
	}
	upd["update_id"] = id
	s.nextUpdateID = max(s.nextUpdateID, id+1)
	body, err := json.Marshal(upd)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: PushUpdate: update is not JSON: %v", err))
	}
	kind := ""
	for k := range upd {
		if k != "update_id" {
			kind = k
		}
	}
	s.registerCallbackLocked(body)
	s.updates = append(s.updates, queued{id: id, kind: kind, body: body})
	slices.SortStableFunc(s.updates, func(a, b queued) int { return cmp.Compare(a.id, b.id) })
	s.notifyLocked()
	return id
}

// Pending is the number of queued updates not yet confirmed by a getUpdates
// call with a higher offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// TakeUpdate removes a queued update and returns it, so a webhook-mode test
// can deliver it itself with PostUpdate.
func (s *Server) TakeUpdate(updateID int64) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, u := range s.updates {
		if u.id != updateID {
			continue
		}
		s.updates = append(s.updates[:i:i], s.updates[i+1:]...)
		s.notifyLocked()
		var out map[string]any
		_ = json.Unmarshal(u.body, &out)
		return out, true
	}
	return nil, false
}

// SendText queues a private text message from u. A leading /command gets its
// bot_command entity, as Telegram adds it.
func (s *Server) SendText(u User, text string) int64 {
	fields := map[string]any{"text": text}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		cmd, _, _ = strings.Cut(cmd, "\n")
		fields["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": utf16Len(cmd)}}
	}
	return s.PushUpdate(map[string]any{"message": s.userMessage(u, fields)})
}

// SendLocation queues a location shared by u.
func (s *Server) SendLocation(u User, lat, lon float64) int64 {
	return s.PushUpdate(map[string]any{"message": s.userMessage(u, map[string]any{
		"location": map[string]any{"latitude": lat, "longitude": lon},
	})})
}

// SendVoice queues a voice note of the given length from u.
func (s *Server) SendVoice(u User, fileID string, seconds int) int64 {
	return s.PushUpdate(map[string]any{"message": s.userMessage(u, map[string]any{
		"voice": map[string]any{
			"file_id": fileID, "file_unique_id": "u" + fileID, "duration": seconds,
			"mime_type": "audio/ogg", "file_size": 1600 * seconds,
		},
	})})
}

// SendPhoto queues a photo from u in two sizes, the largest (last, as
// Telegram orders them) with fileID; caption may be empty.
func (s *Server) SendPhoto(u User, fileID, caption string) int64 {
	fields := map[string]any{"photo": []map[string]any{
		{"file_id": fileID + "-thumb", "file_unique_id": "u" + fileID + "-thumb", "width": 90, "height": 67, "file_size": 1200},
		{"file_id": fileID, "file_unique_id": "u" + fileID, "width": 1280, "height": 960, "file_size": 98000},
	}}
	if caption != "" {
		fields["caption"] = caption
	}
	return s.PushUpdate(map[string]any{"message": s.userMessage(u, fields)})
}

// SendContact queues a contact card sent by u. When firstName is u's own
// first name the card carries user_id = u.ID, as when a user shares their
// own number through a request_contact button; otherwise it has no user_id.
func (s *Server) SendContact(u User, phone, firstName string) int64 {
	contact := map[string]any{"phone_number": phone, "first_name": firstName}
	if firstName == u.FirstName {
		contact["user_id"] = u.ID
		if u.LastName != "" {
			contact["last_name"] = u.LastName
		}
	}
	return s.PushUpdate(map[string]any{"message": s.userMessage(u, map[string]any{"contact": contact})})
}

// PressButton queues the callback_query of u pressing the inline button with
// data under the bot's message messageID in u's private chat. The query
// carries the message as stored (or a minimal one when the id is unknown) and
// a fresh query id that answerCallbackQuery accepts once.
func (s *Server) PressButton(u User, messageID int64, data string) int64 {
	s.mu.Lock()
	s.users[u.ID] = u
	s.nextCBQ++
	id := strconv.FormatInt(4_000_000_000_000_000+s.nextCBQ, 10)
	s.callbacks[id] = false
	if s.view.cbChat == nil {
		s.view.cbChat = map[string]int64{}
	}
	s.view.cbChat[id] = u.ID
	var msg map[string]any
	if m := s.findLocked(u.ID, messageID); m != nil {
		msg = s.renderLocked(m)
	} else {
		msg = map[string]any{"message_id": messageID, "date": s.dateLocked(), "chat": s.chatLocked(u.ID), "from": botUser()}
	}
	s.mu.Unlock()
	return s.PushUpdate(map[string]any{"callback_query": map[string]any{
		"id": id, "from": userObject(u), "message": msg,
		"chat_instance": strconv.FormatInt(-u.ID*7919, 10), "data": data,
	}})
}

// userMessage builds a message u sends in their private chat.
func (s *Server) userMessage(u User, fields map[string]any) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
	id := s.nextMsgID
	s.nextMsgID++
	if s.userMsgs[u.ID] == nil {
		s.userMsgs[u.ID] = map[int64]bool{}
	}
	s.userMsgs[u.ID][id] = true
	date := s.dateLocked()
	msg := map[string]any{"message_id": id, "from": userObject(u), "chat": s.chatLocked(u.ID), "date": date}
	maps.Copy(msg, fields)
	s.recordSaidLocked(u.ID, id, date, fields)
	return msg
}

func userObject(u User) map[string]any {
	o := map[string]any{"id": u.ID, "is_bot": false, "first_name": u.FirstName}
	for k, v := range map[string]string{"last_name": u.LastName, "username": u.Username, "language_code": u.LanguageCode} {
		if v != "" {
			o[k] = v
		}
	}
	return o
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func toInt64(v any) (int64, bool) {
	switch v := v.(type) {
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case float64:
		return int64(v), true
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}
