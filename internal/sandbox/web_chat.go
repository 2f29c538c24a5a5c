package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// maxShown is how many of a chat's latest messages the page gets.
const maxShown = 300

// chatJSON is one chat as the page draws it.
type chatJSON struct {
	Rev      uint64                 `json:"rev"`
	Clock    clockJSON              `json:"clock"`
	Messages []messageJSON          `json:"messages"`
	Keyboard [][]buttonJSON         `json:"keyboard"`
	Commands []telegramtest.Command `json:"commands"`
	Answers  []answerJSON           `json:"answers"`
}

type messageJSON struct {
	ID       int64          `json:"id"`
	FromUser bool           `json:"from_user,omitempty"`
	Kind     string         `json:"kind"`
	Date     string         `json:"date"`
	Edited   bool           `json:"edited,omitempty"`
	Spans    []Span         `json:"spans,omitempty"`
	FileName string         `json:"file_name,omitempty"`
	FileURL  string         `json:"file_url,omitempty"`
	Lat      float64        `json:"latitude,omitempty"`
	Lon      float64        `json:"longitude,omitempty"`
	Buttons  [][]buttonJSON `json:"buttons,omitempty"`
}

type buttonJSON struct {
	Text            string `json:"text"`
	Data            string `json:"data,omitempty"`
	URL             string `json:"url,omitempty"`
	RequestLocation bool   `json:"request_location,omitempty"`
	RequestContact  bool   `json:"request_contact,omitempty"`
}

type answerJSON struct {
	Text  string `json:"text"`
	Alert bool   `json:"alert,omitempty"`
	Rev   uint64 `json:"rev"`
}

// chat answers the chat's state at once; with ?since=REV it first waits (a
// long poll, up to w.poll) until the chat has changed since that revision.
func (w *Web) chat(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.personOf(rw, r)
	if !ok {
		return
	}
	if since, err := strconv.ParseUint(r.URL.Query().Get("since"), 10, 64); err == nil {
		ctx, cancel := context.WithTimeout(r.Context(), w.poll)
		_, err := w.tg.WaitChat(ctx, p.TelegramID, since)
		cancel()
		if err != nil && r.Context().Err() != nil {
			return // the page went away
		}
	}
	writeJSON(rw, http.StatusOK, w.view(p))
}

// view is p's chat as the page draws it.
func (w *Web) view(p Person) chatJSON {
	entries, rev := w.tg.Transcript(p.TelegramID)
	if len(entries) > maxShown {
		entries = entries[len(entries)-maxShown:]
	}
	out := chatJSON{Rev: rev, Clock: w.clockNow(), Messages: make([]messageJSON, 0, len(entries)),
		Keyboard: buttons(w.tg.Keyboard(p.TelegramID)), Commands: w.tg.Commands(p.TelegramID, p.Lang)}
	for _, e := range entries {
		m := messageJSON{ID: e.ID, FromUser: e.FromUser, Kind: e.Kind, Date: e.Date.In(w.loc).Format(time.RFC3339),
			Edited: e.Edited, FileName: e.FileName, Lat: e.Latitude, Lon: e.Longitude, Buttons: buttons(e.Inline)}
		if e.Text != "" {
			m.Spans = Spans(e.Text, e.ParseMode)
		}
		if e.FileID != "" {
			m.FileURL = fmt.Sprintf("/api/chats/%d/files/%s", p.TelegramID, url.PathEscape(e.FileID))
		}
		out.Messages = append(out.Messages, m)
	}
	for _, a := range w.tg.Answers(p.TelegramID) {
		out.Answers = append(out.Answers, answerJSON(a))
	}
	return out
}

func buttons(rows [][]telegramtest.Button) [][]buttonJSON {
	var out [][]buttonJSON
	for _, row := range rows {
		var r []buttonJSON
		for _, b := range row {
			r = append(r, buttonJSON(b))
		}
		out = append(out, r)
	}
	return out
}

// text sends what the visitor typed, or a reply-keyboard button's label.
func (w *Web) text(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.personOf(rw, r)
	if !ok {
		return
	}
	var req struct {
		Text string `json:"text"`
	}
	if !readJSON(rw, r, &req) {
		return
	}
	if req.Text == "" || !utf8.ValidString(req.Text) || utf8.RuneCountInString(req.Text) > 4096 {
		writeError(rw, http.StatusBadRequest, "a message holds 1 to 4096 characters")
		return
	}
	w.tg.SendText(p.user(), req.Text)
	writeJSON(rw, http.StatusAccepted, struct{}{})
}

// press presses an inline button of one of the bot's messages in the chat.
// Only buttons the bot sent can be pressed, as in Telegram.
func (w *Web) press(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.personOf(rw, r)
	if !ok {
		return
	}
	var req struct {
		MessageID int64  `json:"message_id"`
		Data      string `json:"data"`
	}
	if !readJSON(rw, r, &req) {
		return
	}
	entries, _ := w.tg.Transcript(p.TelegramID)
	for _, e := range entries {
		if e.ID != req.MessageID || e.FromUser {
			continue
		}
		for _, row := range e.Inline {
			for _, b := range row {
				if b.Data != "" && b.Data == req.Data {
					w.tg.PressButton(p.user(), e.ID, b.Data)
					writeJSON(rw, http.StatusAccepted, struct{}{})
					return
				}
			}
		}
	}
	writeError(rw, http.StatusNotFound, "no such button")
}

// location shares a location, as a request_location button does.
func (w *Web) location(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.personOf(rw, r)
	if !ok {
		return
	}
	var req struct {
		Lat float64 `json:"latitude"`
		Lon float64 `json:"longitude"`
	}
	if !readJSON(rw, r, &req) {
		return
	}
	if req.Lat < -90 || req.Lat > 90 || req.Lon < -180 || req.Lon > 180 {
		writeError(rw, http.StatusBadRequest, "latitude or longitude out of range")
		return
	}
	w.tg.SendLocation(p.user(), req.Lat, req.Lon)
	writeJSON(rw, http.StatusAccepted, struct{}{})
}

// contact shares the person's own phone number, as a request_contact
// button does.
func (w *Web) contact(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.personOf(rw, r)
	if !ok {
		return
	}
	w.tg.SendContact(p.user(), fmt.Sprintf("+86 138 0000 %04d", p.TelegramID%10000), p.Name)
	writeJSON(rw, http.StatusAccepted, struct{}{})
}

// maxUpload is the largest file the page may send: more than the Bot API's
// 20 MB download limit, so the bot's refusal of a bigger file can be seen.
const maxUpload = telegramtest.MaxDownload + 5<<20

// maxStored bounds the bytes of all the files visitors send: the emulator
// keeps each one in memory for as long as the sandbox runs, as Telegram
// keeps what users send, so without a bound a loop of uploads would grow
// the process until the machine runs out of memory.
const maxStored = 200 << 20

// inMemory is how much of an upload is held in memory while the form is
// read; the rest waits in a temporary file, so a file is in memory once
// (when kept), not twice.
const inMemory = 1 << 20

// reserve counts n more bytes of uploads against the bound; false when
// they do not fit. A negative n gives back a reservation not kept.
func (w *Web) reserve(n int64) bool {
	w.uploadMu.Lock()
	defer w.uploadMu.Unlock()
	if w.uploaded+n > w.maxStored {
		return false
	}
	w.uploaded += n
	return true
}

// document sends an uploaded file as a document message, which the bot
// downloads through getFile like any other.
func (w *Web) document(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.personOf(rw, r)
	if !ok {
		return
	}
	f, fh, err := formFile(rw, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(rw, http.StatusRequestEntityTooLarge, "the file is too large for the sandbox")
			return
		}
		writeError(rw, http.StatusBadRequest, "want a multipart form with a file")
		return
	}
	defer func() { _ = f.Close() }()
	if !w.reserve(fh.Size) {
		writeError(rw, http.StatusInsufficientStorage, "the sandbox holds enough files already; restart it to start afresh")
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, fh.Size))
	if err != nil {
		w.reserve(-fh.Size)
		writeError(rw, http.StatusBadRequest, "could not read the file")
		return
	}
	name := path.Base(fh.Filename)
	w.tg.SendDocument(p.user(), name, mime.TypeByExtension(path.Ext(name)), data)
	writeJSON(rw, http.StatusAccepted, struct{}{})
}

// formFile reads the form's file, of up to maxUpload bytes, holding at
// most inMemory of the body in memory.
func formFile(rw http.ResponseWriter, r *http.Request) (multipart.File, *multipart.FileHeader, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxUpload+1<<20)
	if err := r.ParseMultipartForm(inMemory); err != nil { //nolint:gosec // G120: the body is bounded by MaxBytesReader just above
		return nil, nil, fmt.Errorf("read the upload form: %w", err)
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		return nil, nil, fmt.Errorf("read the upload form: %w", err)
	}
	return f, fh, nil
}

// file serves a photo or document of the chat: an export the bot sent, a
// chart, or what the visitor uploaded.
func (w *Web) file(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.personOf(rw, r)
	if !ok {
		return
	}
	id := r.PathValue("file")
	entries, _ := w.tg.Transcript(p.TelegramID)
	for _, e := range entries {
		if e.FileID != id {
			continue
		}
		data, ok := w.tg.File(id)
		if !ok {
			break
		}
		// Only pictures are shown in the page; anything else is a download,
		// so a file a visitor uploads can never run as a page of this origin.
		ct := http.DetectContentType(data)
		switch ct {
		case "image/png", "image/jpeg", "image/gif", "image/webp":
		default:
			if t := mime.TypeByExtension(path.Ext(e.FileName)); t != "" {
				ct = t
			}
			name := e.FileName
			if name == "" {
				name = "file"
			}
			rw.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		}
		rw.Header().Set("Content-Type", ct)
		rw.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = rw.Write(data) //nolint:gosec // G705: an attachment, or a sniffed picture, under nosniff and the page's CSP
		return
	}
	writeError(rw, http.StatusNotFound, "no such file in this chat")
}
