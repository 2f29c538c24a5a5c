package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
)

// webhookState is what setWebhook set; url == "" means no webhook.
type webhookState struct {
	url, secret    string
	allowed        []string
	maxConnections int
}

// Webhook returns the URL and secret token of the webhook the bot set, and
// whether one is set.
func (s *Server) Webhook() (url, secret string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook.url, s.webhook.secret, s.webhook.url != ""
}

var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(req request) (any, *apiError) {
	raw := req.params["url"]
	if raw == "" {
		return s.deleteWebhook(req)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, badRequest("bad webhook: Failed to resolve host: Name or service not known")
	}
	if u.Scheme != "https" {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret := req.params["secret_token"]
	if secret != "" && !secretToken.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	st := webhookState{url: raw, secret: secret}
	if a := req.params["allowed_updates"]; a != "" {
		if err := json.Unmarshal([]byte(a), &st.allowed); err != nil {
			return nil, badRequest("can't parse allowed updates JSON array")
		}
	}
	st.maxConnections, _ = strconv.Atoi(req.params["max_connections"])
	if st.maxConnections == 0 {
		st.maxConnections = 40
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropPendingLocked(req)
	s.webhook = st
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(req request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropPendingLocked(req)
	s.webhook = webhookState{}
	s.notifyLocked()
	return true, nil
}

func (s *Server) dropPendingLocked(req request) {
	if req.params["drop_pending_updates"] == "true" {
		s.updates = nil
	}
}

func (s *Server) getWebhookInfo(request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{"url": s.webhook.url, "has_custom_certificate": false, "pending_update_count": len(s.updates)}
	if s.webhook.url != "" {
		info["max_connections"] = s.webhook.maxConnections
		info["ip_address"] = "127.0.0.1"
		if s.webhook.allowed != nil {
			info["allowed_updates"] = s.webhook.allowed
		}
	}
	return info, nil
}

// PostUpdate delivers update to a webhook endpoint the way Telegram does: a
// JSON POST carrying the secret in X-Telegram-Bot-Api-Secret-Token (omitted
// when secret is empty). It returns the HTTP status the endpoint answered.
// update should carry its update_id (see Server.TakeUpdate).
func PostUpdate(ctx context.Context, url, secret string, update map[string]any) (status int, err error) {
	body, err := json.Marshal(update)
	if err != nil {
		return 0, fmt.Errorf("encode update: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("build webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("post update: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
