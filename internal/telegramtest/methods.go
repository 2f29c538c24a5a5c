package telegramtest

import (
	"encoding/json"
	"regexp"
	"unicode/utf8"
)

// handlers answer the methods the fake knows, by lower-case name (the Bot
// API treats method names case-insensitively). getUpdates is served apart.
var handlers = map[string]handler{
	"getme":                  func(*Server, request) (any, *apiError) { return getMe(), nil },
	"sendmessage":            (*Server).sendMessage,
	"sendphoto":              (*Server).sendPhoto,
	"senddocument":           (*Server).sendDocument,
	"sendlocation":           (*Server).sendLocation,
	"sendchataction":         (*Server).sendChatAction,
	"editmessagetext":        (*Server).editMessageText,
	"editmessagereplymarkup": (*Server).editMessageReplyMarkup,
	"deletemessage":          (*Server).deleteMessage,
	"answercallbackquery":    (*Server).answerCallbackQuery,
	"setmycommands":          (*Server).setMyCommands,
	"deletemycommands":       (*Server).deleteMyCommands,
	"setwebhook":             (*Server).setWebhook,
	"deletewebhook":          (*Server).deleteWebhook,
	"getwebhookinfo":         (*Server).getWebhookInfo,
	"getfile":                (*Server).getFile,
}

func getMe() map[string]any {
	me := botUser()
	me["can_join_groups"] = true
	me["can_read_all_group_messages"] = false
	me["supports_inline_queries"] = false
	me["can_connect_to_business"] = false
	me["has_main_web_app"] = false
	return me
}

// answerCallbackQuery accepts each query id the server issued exactly once.
func (s *Server) answerCallbackQuery(req request) (any, *apiError) {
	id := req.params["callback_query_id"]
	if utf8.RuneCountInString(req.params["text"]) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	answered, known := s.callbacks[id]
	if !known || answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	s.callbacks[id] = true
	s.recordAnswerLocked(id, req.params["text"], req.params["show_alert"] == "true")
	return true, nil
}

// registerCallbackLocked lets answerCallbackQuery accept the query of a
// pushed callback_query update.
func (s *Server) registerCallbackLocked(body []byte) {
	var cq struct {
		CallbackQuery *struct {
			ID string `json:"id"`
		} `json:"callback_query"`
	}
	if json.Unmarshal(body, &cq) == nil && cq.CallbackQuery != nil && cq.CallbackQuery.ID != "" {
		if _, ok := s.callbacks[cq.CallbackQuery.ID]; !ok {
			s.callbacks[cq.CallbackQuery.ID] = false
		}
	}
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func (s *Server) setMyCommands(req request) (any, *apiError) {
	sc, e := scopeOf(req)
	if e != nil {
		return nil, e
	}
	var cmds []Command
	if err := json.Unmarshal([]byte(req.params["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands")
	}
	for _, c := range cmds {
		if !commandName.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(c.Description); n == 0 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	s.storeMenu(sc, cmds)
	return true, nil
}
