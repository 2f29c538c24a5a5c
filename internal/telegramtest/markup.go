package telegramtest

import (
	"encoding/json"
	"net/url"
)

// markup is a decoded reply_markup field.
type markup struct {
	inline    [][]Button
	inlineRaw json.RawMessage // normalized JSON of an inline keyboard
	reply     [][]Button
	remove    bool
	forceOnly bool // force_reply: changes nothing in the chat model
}

func (m markup) isInline() bool { return m.inlineRaw != nil }

// inlineActions are the fields of which an inline button needs exactly one.
var inlineActions = []string{
	"callback_data", "url", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

// parseMarkup decodes and validates reply_markup as Telegram does.
func parseMarkup(raw string) (markup, *apiError) {
	if raw == "" || raw == "null" {
		return markup{}, nil
	}
	var m struct {
		InlineKeyboard *[][]map[string]any  `json:"inline_keyboard"`
		Keyboard       *[][]json.RawMessage `json:"keyboard"`
		RemoveKeyboard bool                 `json:"remove_keyboard"`
		ForceReply     bool                 `json:"force_reply"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return markup{}, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case m.InlineKeyboard != nil:
		return parseInline(*m.InlineKeyboard)
	case m.Keyboard != nil:
		var out markup
		for _, row := range *m.Keyboard {
			var btns []Button
			for _, raw := range row {
				var b struct {
					Text            string `json:"text"`
					RequestLocation bool   `json:"request_location"`
					RequestContact  bool   `json:"request_contact"`
				}
				if err := json.Unmarshal(raw, &b.Text); err != nil {
					if err := json.Unmarshal(raw, &b); err != nil {
						return markup{}, badRequest("can't parse keyboard button: %v", err)
					}
				}
				if b.Text == "" {
					return markup{}, badRequest("can't parse keyboard button: Text field must be non-empty")
				}
				btns = append(btns, Button{Text: b.Text, RequestLocation: b.RequestLocation, RequestContact: b.RequestContact})
			}
			out.reply = append(out.reply, btns)
		}
		return out, nil
	case m.RemoveKeyboard:
		return markup{remove: true}, nil
	case m.ForceReply:
		return markup{forceOnly: true}, nil
	}
	return markup{}, badRequest("can't parse reply keyboard markup JSON object")
}

func parseInline(rows [][]map[string]any) (markup, *apiError) {
	var out markup
	for _, row := range rows {
		var btns []Button
		for _, b := range row {
			// go-telegram/bot always sends "copy_text":{"text":""}; an empty
			// copy_text is no action.
			if ct, ok := b["copy_text"].(map[string]any); ok {
				if t, _ := ct["text"].(string); t == "" {
					delete(b, "copy_text")
				}
			}
			if pay, ok := b["pay"].(bool); ok && !pay {
				delete(b, "pay")
			}
			actions := 0
			for _, a := range inlineActions {
				if _, ok := b[a]; ok {
					actions++
				}
			}
			if actions == 0 {
				return markup{}, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			text, _ := b["text"].(string)
			btn := Button{Text: text}
			if d, ok := b["callback_data"]; ok {
				data, _ := d.(string)
				if data == "" || len(data) > 64 {
					return markup{}, badRequest("BUTTON_DATA_INVALID")
				}
				btn.Data = data
			}
			if u, ok := b["url"]; ok {
				s, _ := u.(string)
				if !validButtonURL(s) {
					return markup{}, badRequest("BUTTON_URL_INVALID")
				}
				btn.URL = s
			}
			btns = append(btns, btn)
		}
		out.inline = append(out.inline, btns)
	}
	if rows == nil {
		rows = [][]map[string]any{}
	}
	out.inlineRaw, _ = json.Marshal(map[string]any{"inline_keyboard": rows})
	return out, nil
}

func validButtonURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "tg":
		return true
	}
	return false
}
