package intake

import (
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"unicode/utf8"
)

// maxWebhookBody bounds one update; Telegram's are a few kilobytes.
const maxWebhookBody = 1 << 20

// WebhookHandler receives the updates Telegram pushes. A wrong secret gets
// 401; a body that is not one valid UTF-8 JSON update gets 400; an update
// that could not be recorded gets 500, so Telegram delivers it again; 200
// means it is safely stored.
func (in *Intake) WebhookHandler(secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil || !utf8.Valid(body) || !json.Valid(body) {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if _, err := in.Record(r.Context(), []json.RawMessage{body}); err != nil {
			in.log.Error("recording webhook update failed", slog.Any("error", err))
			http.Error(w, "not recorded", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
