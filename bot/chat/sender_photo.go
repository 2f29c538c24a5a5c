package chat

import (
	"bytes"
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// sendPhoto uploads a PNG with an HTML caption. Telegram's refusals are
// logged and swallowed (see classify); anything else is returned for the
// intake to retry the update.
func (s *sender) sendPhoto(ctx context.Context, chatID int64, name string, png []byte, caption string) error {
	_, err := s.tg.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chatID, Caption: caption, ParseMode: models.ParseModeHTML,
		Photo: &models.InputFileUpload{Filename: name, Data: bytes.NewReader(png)}})
	if err != nil {
		return s.classify("sendPhoto", fmt.Errorf("sendPhoto: %w", err))
	}
	return nil
}
