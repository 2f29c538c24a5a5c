package chat

import (
	"context"
	"fmt"
	"io"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// sendDocument uploads data as a file named name with an HTML caption, and
// returns the message's id. Unlike send it returns Telegram's refusals too
// (a file too large, a chat that blocked the bot): the caller, which made
// the file, tells the user it did not arrive. go-telegram/bot streams the
// upload from data, so a file on disk is never read into memory whole.
func (s *sender) sendDocument(ctx context.Context, chatID int64, name string, data io.Reader, caption string) (int64, error) {
	m, err := s.tg.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chatID, Caption: caption, ParseMode: models.ParseModeHTML,
		Document: &models.InputFileUpload{Filename: name, Data: data}})
	if err != nil {
		return 0, fmt.Errorf("sendDocument: %w", err)
	}
	if m == nil {
		return 0, nil
	}
	return int64(m.ID), nil
}
