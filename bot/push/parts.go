package push

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// chatBusy says the row's chat may not be sent to yet (our own per-chat
// limit): the row goes back until after, and no attempt is counted.
type chatBusy struct{ after time.Duration }

func (e *chatBusy) Error() string { return fmt.Sprintf("chat busy for %v", e.after) }

// part is one Telegram message of a row: a text, or a photo with an
// optional caption.
type part struct {
	text   string
	photo  []byte
	markup models.ReplyMarkup // on the last part only
}

// partsOf cuts a row into the messages Telegram accepts: a text longer than
// one message is split at line breaks, a photo whose caption is too long
// goes first without it; the buttons ride on the last part.
func partsOf(r outbox.Row) []part {
	var parts []part
	text := r.Text
	if len(r.Photo) > 0 {
		if utf8.RuneCountInString(text) <= telegram.MaxCaption {
			parts, text = append(parts, part{photo: r.Photo, text: text}), ""
		} else {
			parts = append(parts, part{photo: r.Photo})
		}
	}
	if text != "" {
		for _, t := range telegram.SplitText(text, telegram.MaxText) {
			parts = append(parts, part{text: t})
		}
	}
	if kb := pushKeyboard(r.Buttons); kb != nil {
		parts[len(parts)-1].markup = kb
	}
	return parts
}

func pushKeyboard(rows [][]outbox.Button) *models.InlineKeyboardMarkup {
	kb := telegram.NewKeyboard()
	for _, row := range rows {
		var pairs []string
		for _, b := range row {
			pairs = append(pairs, b.Text, b.Data)
		}
		kb.Row(pairs...)
	}
	if kb.Len() == 0 {
		return nil
	}
	return kb.Markup()
}

// sendRow sends a row's parts, each in a slot of the rate limiter, and
// returns the last message's id. It waits for slots under waitCtx and makes
// requests under sendCtx. sent reports whether a request for the row went
// out, so Telegram may hold part of it.
func (p *Sender) sendRow(waitCtx, sendCtx context.Context, r outbox.Row) (msgID int64, sent bool, err error) {
	for i, pt := range partsOf(r) {
		if err := p.reserve(waitCtx, r.ChatID, i == 0); err != nil {
			return 0, i > 0, err
		}
		if msgID, err = p.sendPart(sendCtx, r.ChatID, pt); err != nil {
			return 0, true, err
		}
	}
	return msgID, true, nil
}

// reserve waits for a send slot for chatID. When the chat itself is busy,
// the first part of a row gives its worker back (chatBusy); a later part
// waits, since its row is already half out.
func (p *Sender) reserve(ctx context.Context, chatID int64, first bool) error {
	for {
		res, err := p.limiter.Reserve(ctx, chatID)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			p.log.Error("rate limiter unavailable", slog.Any("error", err))
			return &chatBusy{after: pushPoll}
		}
		if !res.OK && first {
			return &chatBusy{after: res.Delay}
		}
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(res.Delay).After(deadline) {
			return errBudget
		}
		if err := sleepCtx(ctx, res.Delay); err != nil {
			return err
		}
		if res.OK {
			return nil
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sendPart makes one Bot API call: HTML parse mode, no link previews.
func (p *Sender) sendPart(ctx context.Context, chatID int64, pt part) (int64, error) {
	var m *models.Message
	var err error
	if pt.photo != nil {
		params := &tgbot.SendPhotoParams{ChatID: chatID, Caption: pt.text, ParseMode: models.ParseModeHTML,
			Photo: &models.InputFileUpload{Filename: "chart.png", Data: bytes.NewReader(pt.photo)}}
		if pt.markup != nil {
			params.ReplyMarkup = pt.markup
		}
		m, err = p.tg.SendPhoto(ctx, params)
	} else {
		params := &tgbot.SendMessageParams{ChatID: chatID, Text: pt.text, ParseMode: models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
		if pt.markup != nil {
			params.ReplyMarkup = pt.markup
		}
		m, err = p.tg.SendMessage(ctx, params)
	}
	if err != nil {
		return 0, err
	}
	if m == nil {
		return 0, telegram.ErrNoMessage
	}
	return int64(m.ID), nil
}
