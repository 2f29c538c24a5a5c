package telegramtest

import (
	"strconv"
	"strings"
)

// Document is a file the bot uploaded with sendDocument.
type Document struct {
	ChatID int64
	// Name is the uploaded file's name; Data its bytes.
	Name string
	Data []byte
	// Caption is the caption as sent (markup included).
	Caption string
}

// Documents returns the files the bot uploaded to chatID with sendDocument,
// in the order it sent them: every sendDocument call that carried a file,
// including one a planned failure (FailNext) refused.
func (s *Server) Documents(chatID int64) []Document {
	var out []Document
	for _, c := range s.CallsTo("sendDocument") {
		if c.Params["chat_id"] != strconv.FormatInt(chatID, 10) {
			continue
		}
		field := "document"
		if ref, ok := strings.CutPrefix(c.Params["document"], "attach://"); ok {
			field = ref
		}
		data, ok := c.Files[field]
		if !ok {
			continue
		}
		out = append(out, Document{ChatID: chatID, Name: c.FileNames[field], Data: data, Caption: c.Params["caption"]})
	}
	return out
}
