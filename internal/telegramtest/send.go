package telegramtest

import (
	"mime"
	"path"
	"strconv"
	"strings"
)

const (
	maxTextLen    = 4096 // UTF-16 code units of the visible text
	maxCaptionLen = 1024
)

func chatIDParam(req request) (int64, *apiError) {
	v := req.params["chat_id"]
	if v == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

// checkText validates a message text as sendMessage and editMessageText do.
func checkText(text, parseMode string) *apiError {
	visible, problem := parseText(text, parseMode)
	if problem != "" {
		return badRequest("can't parse entities: %s", problem)
	}
	if strings.TrimSpace(visible) == "" {
		return badRequest("message text is empty")
	}
	if utf16Len(visible) > maxTextLen {
		return badRequest("message is too long")
	}
	return nil
}

func checkCaption(caption, parseMode string) *apiError {
	visible, problem := parseText(caption, parseMode)
	if problem != "" {
		return badRequest("can't parse entities: %s", problem)
	}
	if utf16Len(visible) > maxCaptionLen {
		return badRequest("message caption is too long")
	}
	return nil
}

func (s *Server) sendMessage(req request) (any, *apiError) {
	chat, e := chatIDParam(req)
	if e != nil {
		return nil, e
	}
	text, pm := req.params["text"], req.params["parse_mode"]
	if e := checkText(text, pm); e != nil {
		return nil, e
	}
	return s.send(req, &stored{msg: Message{ChatID: chat, Kind: "text", Text: text, ParseMode: pm}})
}

func (s *Server) sendPhoto(req request) (any, *apiError) {
	return s.sendFile(req, "photo")
}

func (s *Server) sendDocument(req request) (any, *apiError) {
	return s.sendFile(req, "document")
}

// sendFile sends a photo or document given as a file_id, a URL or an upload.
func (s *Server) sendFile(req request, kind string) (any, *apiError) {
	chat, e := chatIDParam(req)
	if e != nil {
		return nil, e
	}
	caption, pm := req.params["caption"], req.params["parse_mode"]
	if e := checkCaption(caption, pm); e != nil {
		return nil, e
	}
	ref, field := req.params[kind], kind
	if name, ok := strings.CutPrefix(ref, "attach://"); ok {
		ref, field = "", name
	}
	data, uploaded := req.files[field]
	if ref == "" && !uploaded {
		return nil, badRequest("there is no %s in the request", kind)
	}
	m := &stored{msg: Message{ChatID: chat, Kind: kind, Text: caption, ParseMode: pm}}
	fileID := ref
	if uploaded || strings.Contains(ref, "://") {
		s.mu.Lock()
		s.nextFile++
		fileID = "BQACAgIAAxk-fake-" + strconv.FormatInt(s.nextFile, 10)
		if uploaded {
			// Kept, as Telegram keeps what a bot uploads: getFile serves it
			// and a person in the chat can open it (File).
			s.files.putLocked(fileID, kind+"s", req.fileNames[field], data)
		}
		s.mu.Unlock()
	}
	m.msg.FileID = fileID
	size := len(data)
	if kind == "photo" {
		m.media = map[string]any{"photo": []map[string]any{
			{"file_id": fileID, "file_unique_id": "u" + fileID, "width": 1280, "height": 960, "file_size": size},
		}}
		return s.send(req, m)
	}
	name := "document"
	switch {
	case uploaded && req.fileNames[field] != "":
		name = req.fileNames[field]
	case strings.Contains(ref, "://"):
		if b := path.Base(ref); b != "." && b != "/" {
			name = b
		}
	}
	m.msg.FileName = name
	doc := map[string]any{"file_id": fileID, "file_unique_id": "u" + fileID, "file_name": name, "file_size": size}
	if mt := mime.TypeByExtension(path.Ext(name)); mt != "" {
		doc["mime_type"] = mt
	}
	m.media = map[string]any{"document": doc}
	return s.send(req, m)
}

func (s *Server) sendLocation(req request) (any, *apiError) {
	chat, e := chatIDParam(req)
	if e != nil {
		return nil, e
	}
	lat, err := strconv.ParseFloat(req.params["latitude"], 64)
	if err != nil || lat < -90 || lat > 90 {
		return nil, badRequest("wrong latitude")
	}
	lon, err := strconv.ParseFloat(req.params["longitude"], 64)
	if err != nil || lon < -180 || lon > 180 {
		return nil, badRequest("wrong longitude")
	}
	m := &stored{msg: Message{ChatID: chat, Kind: "location"},
		media: map[string]any{"location": map[string]any{"latitude": lat, "longitude": lon}}}
	return s.send(req, m)
}

// send applies reply_markup, stores m as a new message and renders it.
func (s *Server) send(req request, m *stored) (any, *apiError) {
	mk, e := parseMarkup(req.params["reply_markup"])
	if e != nil {
		return nil, e
	}
	if len(mk.inline) > 0 {
		m.msg.Inline, m.markup = mk.inline, mk.inlineRaw
	}
	m.msg.Reply, m.msg.RemoveKeyboard = mk.reply, mk.remove
	s.mu.Lock()
	defer s.mu.Unlock()
	m.msg.ID = s.nextMsgID
	s.nextMsgID++
	m.date = s.dateLocked()
	s.chats[m.msg.ChatID] = append(s.chats[m.msg.ChatID], m)
	s.touchLocked(m.msg.ChatID)
	s.notifyLocked()
	return s.renderLocked(m), nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true, "record_voice": true,
	"upload_voice": true, "upload_document": true, "choose_sticker": true, "find_location": true,
	"record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(req request) (any, *apiError) {
	if _, e := chatIDParam(req); e != nil {
		return nil, e
	}
	if !chatActions[req.params["action"]] {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}
