package chat

import (
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Event is one Telegram update converted, once, into the bot's own terms.
// Nothing past this file looks at models.Update.
type Event struct {
	UpdateID  int64
	ChatID    int64
	Private   bool
	UserID    int64
	FirstName string
	LastName  string
	Username  string
	LangCode  string

	// A message.
	Text    string // text or photo caption, trimmed
	Command string // "visit" for "/visit@bot args"; "" when not a command
	Args    string
	VoiceID string
	PhotoID string // the largest size
	Lat     *float64
	Lon     *float64
	Phone   string // a shared contact
	// Document is a file sent as a document (a spreadsheet to import); nil
	// for other messages.
	Document *Document

	// A button press.
	CallbackID string
	Data       string
	MsgID      int64 // the message the pressed button is on
}

// Document is a file a user sent, as Telegram describes it before it is
// downloaded.
type Document struct {
	FileID   string
	FileName string // as the user's device named it; may be empty
	MIME     string // as the user's device declared it; may be empty
	Size     int64  // bytes; 0 when Telegram did not say
}

// IsCallback reports whether the event is a button press.
func (e Event) IsCallback() bool { return e.CallbackID != "" }

// DisplayName is how the bot names the user to others.
func (e Event) DisplayName() string {
	n := strings.TrimSpace(e.FirstName + " " + e.LastName)
	if n == "" {
		n = e.Username
	}
	return n
}

// toEvent converts an update; ok is false for kinds the bot ignores.
func toEvent(u *models.Update) (Event, bool) {
	ev := Event{UpdateID: u.ID}
	switch {
	case u.Message != nil:
		m := u.Message
		ev.ChatID = m.Chat.ID
		ev.Private = m.Chat.Type == models.ChatTypePrivate
		if m.From != nil {
			setUser(&ev, *m.From)
		}
		ev.Text = strings.TrimSpace(m.Text)
		if ev.Text == "" {
			ev.Text = strings.TrimSpace(m.Caption)
		}
		if !utf8.ValidString(ev.Text) {
			ev.Text = strings.ToValidUTF8(ev.Text, "")
		}
		if m.Voice != nil {
			ev.VoiceID = m.Voice.FileID
		}
		if n := len(m.Photo); n > 0 {
			ev.PhotoID = m.Photo[n-1].FileID
		}
		if m.Location != nil {
			lat, lon := m.Location.Latitude, m.Location.Longitude
			ev.Lat, ev.Lon = &lat, &lon
		}
		if m.Contact != nil {
			ev.Phone = m.Contact.PhoneNumber
		}
		if d := m.Document; d != nil {
			ev.Document = &Document{FileID: d.FileID, FileName: strings.ToValidUTF8(d.FileName, ""), MIME: d.MimeType, Size: d.FileSize}
		}
		ev.Command, ev.Args = splitCommand(ev.Text)
		return ev, true
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		setUser(&ev, q.From)
		ev.CallbackID = q.ID
		ev.Data = q.Data
		ev.ChatID = q.From.ID
		if msg := q.Message.Message; msg != nil {
			ev.ChatID = msg.Chat.ID
			ev.MsgID = int64(msg.ID)
			ev.Private = msg.Chat.Type == models.ChatTypePrivate || msg.Chat.Type == ""
		} else if im := q.Message.InaccessibleMessage; im != nil {
			ev.ChatID = im.Chat.ID
			ev.MsgID = int64(im.MessageID)
			ev.Private = im.Chat.Type == models.ChatTypePrivate || im.Chat.Type == ""
		} else {
			ev.Private = true
		}
		return ev, true
	}
	return Event{}, false
}

func setUser(ev *Event, u models.User) {
	ev.UserID = u.ID
	ev.FirstName = u.FirstName
	ev.LastName = u.LastName
	ev.Username = u.Username
	ev.LangCode = u.LanguageCode
}

// splitCommand turns "/visit@ledger_bot 华为: notes" into ("visit", "华为: notes").
func splitCommand(text string) (cmd, args string) {
	if !strings.HasPrefix(text, "/") {
		return "", ""
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if nl := strings.IndexByte(head, '\n'); nl >= 0 {
		rest = head[nl+1:] + " " + rest
		head = head[:nl]
	}
	head, _, _ = strings.Cut(head, "@")
	return strings.ToLower(head), strings.TrimSpace(rest)
}
