package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// maxText is Telegram's limit on one message's text, in characters.
const maxText = 4096

// sender wraps go-telegram/bot's calls with the bot's habits: HTML parse
// mode, long texts split at line breaks, and Telegram's refusals (a message
// not modified, a user who blocked the bot) logged rather than retried.
type sender struct {
	tg  *tgbot.Bot
	log *slog.Logger
}

// errTransient marks a failure worth retrying the whole update for.
var errTransient = errors.New("telegram unavailable")

func (s *sender) classify(method string, err error) error {
	if err == nil {
		return nil
	}
	var tooMany *tgbot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return fmt.Errorf("%s: %w: %v", method, errTransient, err)
	case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorForbidden), errors.Is(err, tgbot.ErrorNotFound):
		// A refusal: retrying the update would be refused again.
		if !strings.Contains(err.Error(), "not modified") {
			s.log.Warn("telegram refused a call", slog.String("method", method), slog.Any("error", err))
		}
		return nil
	}
	return fmt.Errorf("%s: %w: %v", method, errTransient, err)
}

// send sends text (split if longer than Telegram allows) with the markup on
// the last part, and returns the last message's id.
func (s *sender) send(ctx context.Context, chatID int64, text string, markup models.ReplyMarkup) (int64, error) {
	parts := splitText(text, maxText)
	var id int64
	for i, p := range parts {
		params := &tgbot.SendMessageParams{ChatID: chatID, Text: p, ParseMode: models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
		if i == len(parts)-1 && markup != nil {
			params.ReplyMarkup = markup
		}
		m, err := s.tg.SendMessage(ctx, params)
		if err := s.classify("sendMessage", err); err != nil {
			return 0, err
		}
		if m != nil {
			id = int64(m.ID)
		}
	}
	return id, nil
}

// edit replaces a message's text and inline keyboard; a text too long for one
// message is sent anew instead.
func (s *sender) edit(ctx context.Context, chatID, msgID int64, text string, kb *models.InlineKeyboardMarkup) (int64, error) {
	if utf8.RuneCountInString(text) > maxText || msgID == 0 {
		var markup models.ReplyMarkup
		if kb != nil {
			markup = kb
		}
		return s.send(ctx, chatID, text, markup)
	}
	params := &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: int(msgID), Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
	if kb != nil {
		params.ReplyMarkup = kb
	}
	_, err := s.tg.EditMessageText(ctx, params)
	if err != nil && errors.Is(err, tgbot.ErrorBadRequest) &&
		(strings.Contains(err.Error(), "not found") || strings.Contains(err.Error(), "can't be edited")) {
		// The message is gone or too old to edit: show the screen anew.
		var markup models.ReplyMarkup
		if kb != nil {
			markup = kb
		}
		return s.send(ctx, chatID, text, markup)
	}
	return msgID, s.classify("editMessageText", err)
}

// answer acknowledges a button press, optionally with a short notice.
func (s *sender) answer(ctx context.Context, callbackID, text string, alert bool) error {
	_, err := s.tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: callbackID, Text: text, ShowAlert: alert})
	return s.classify("answerCallbackQuery", err)
}

// splitText cuts text into parts of at most limit characters, preferring line
// breaks, so a long history arrives whole instead of being refused.
func splitText(text string, limit int) []string {
	if utf8.RuneCountInString(text) <= limit {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	n := 0
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
			n = 0
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		for utf8.RuneCountInString(line) > limit {
			flush()
			r := []rune(line)
			parts = append(parts, string(r[:limit]))
			line = string(r[limit:])
		}
		ln := utf8.RuneCountInString(line)
		if n+ln > limit {
			flush()
		}
		cur.WriteString(line)
		n += ln
	}
	flush()
	return parts
}
