package telegram

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
)

// SetWebhook points Telegram at url, with the secret it must send back in
// every delivery and the update kinds wanted.
func SetWebhook(ctx context.Context, tg *tgbot.Bot, url, secret string, allowed []string) error {
	if _, err := tg.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: url, SecretToken: secret, AllowedUpdates: allowed}); err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	return nil
}

// DeleteWebhook switches Telegram back to getUpdates, keeping pending updates.
func DeleteWebhook(ctx context.Context, tg *tgbot.Bot) error {
	if _, err := tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("deleteWebhook: %w", err)
	}
	return nil
}
