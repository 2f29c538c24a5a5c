package bot

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"
)

// allowedUpdates are the update kinds the bot asks Telegram for.
const allowedUpdates = `["message","callback_query"]`

// Poller long-polls getUpdates itself rather than through go-telegram/bot,
// because the offset it sends is what acknowledges updates: it moves past an
// update only after Intake.Record has committed it.
type Poller struct {
	apiURL  string
	token   string
	timeout time.Duration
	client  *http.Client
	intake  *Intake
	log     *slog.Logger
}

// NewPoller polls apiURL (the official server or a fake) with long-poll timeout.
func NewPoller(apiURL, token string, timeout time.Duration, intake *Intake, log *slog.Logger) *Poller {
	return &Poller{
		apiURL: apiURL, token: token, timeout: timeout, intake: intake, log: log,
		client: &http.Client{Timeout: timeout + 15*time.Second},
	}
}

// Run polls until ctx is cancelled.
func (p *Poller) Run(ctx context.Context) error {
	last, err := p.intake.LastUpdateID(ctx)
	if err != nil {
		return err
	}
	offset := last + 1
	var pause time.Duration
	for ctx.Err() == nil {
		if pause > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(pause):
			}
		}
		raws, retryAfter, err := p.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			pause = min(max(2*pause, 200*time.Millisecond), 10*time.Second)
			if retryAfter > 0 {
				pause = retryAfter
			}
			p.log.Warn("getUpdates failed", slog.Any("error", err), slog.Duration("pause", pause))
			continue
		}
		last, err := p.intake.record(ctx, raws)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			// Not recorded, so not acknowledged: the same updates come again.
			pause = min(max(2*pause, 200*time.Millisecond), 10*time.Second)
			p.log.Error("recording updates failed", slog.Any("error", err))
			continue
		}
		pause = 0
		if last >= offset {
			offset = last + 1
		}
	}
	return nil
}

func (p *Poller) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, time.Duration, error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	_ = form.WriteField("offset", strconv.FormatInt(offset, 10))
	_ = form.WriteField("timeout", strconv.Itoa(int(p.timeout.Seconds())))
	_ = form.WriteField("limit", "100")
	_ = form.WriteField("allowed_updates", allowedUpdates)
	if err := form.Close(); err != nil {
		return nil, 0, fmt.Errorf("build getUpdates: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.apiURL+"/bot"+p.token+"/getUpdates", &body)
	if err != nil {
		return nil, 0, fmt.Errorf("build getUpdates: %w", err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := p.client.Do(req)
	if err != nil {
		var uerr interface{ Unwrap() error }
		if errors.As(err, &uerr) {
			err = uerr.Unwrap() // drop the URL, which holds the token
		}
		return nil, 0, fmt.Errorf("getUpdates: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("getUpdates: read: %w", err)
	}
	var r struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, 0, fmt.Errorf("getUpdates: status %d: decode: %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, time.Duration(r.Parameters.RetryAfter) * time.Second,
			fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	return r.Result, 0, nil
}

// WebhookHandler receives updates Telegram pushes. A wrong secret gets 401;
// an update that could not be recorded gets 500 so Telegram delivers it again;
// 200 means it is safely stored.
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
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil || !json.Valid(body) {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if err := in.Record(r.Context(), []json.RawMessage{body}); err != nil {
			in.log.Error("recording webhook update failed", slog.Any("error", err))
			http.Error(w, "not recorded", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
