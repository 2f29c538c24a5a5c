package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
)

// sender wraps go-telegram/bot's calls with the bot's habits: HTML parse
// mode, long texts split at line breaks, and Telegram's refusals (a message
// not modified, a user who blocked the bot) logged rather than retried.
type sender struct {
	tg  *tgbot.Bot
	log *slog.Logger
}

// classify turns a call's error into the update's result: a refusal is
// logged here and swallowed, since retrying the update would be refused
// again; anything else (Telegram unreachable, 5xx, 429) is returned, still
// wrapping Telegram's error, for the intake to retry the update.
func (s *sender) classify(method string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorForbidden), errors.Is(err, tgbot.ErrorNotFound):
		if !strings.Contains(err.Error(), "not modified") {
			s.log.Warn("telegram refused a call", slog.String("method", method), slog.Any("error", err))
		}
		return nil
	}
	return fmt.Errorf("%s: %w", method, err)
}

// send sends text (split if longer than Telegram allows) with the markup on
// the last part, and returns the last message's id.
func (s *sender) send(ctx context.Context, chatID int64, text string, markup models.ReplyMarkup) (int64, error) {
	parts := telegram.SplitText(text, telegram.MaxText)
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
	if utf8.RuneCountInString(text) > telegram.MaxText || msgID == 0 {
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
