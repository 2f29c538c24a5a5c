package telegramtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
)

var (
	errWebhookActive = &apiError{code: http.StatusConflict,
		description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	errOtherPoll = &apiError{code: http.StatusConflict,
		description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
)

// getUpdates answers with the queued updates from offset on, holding the
// request up to timeout seconds while there are none. As on Telegram, an
// offset confirms (drops for good) every update below it, and a newer
// getUpdates ends an older one still waiting with 409 Conflict.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, req request) {
	offset, _ := strconv.ParseInt(req.params["offset"], 10, 64)
	timeout, _ := strconv.Atoi(req.params["timeout"])
	limit, err := strconv.Atoi(req.params["limit"])
	if err != nil || limit < 1 || limit > 100 {
		limit = 100
	}
	var allowed []string
	if a, ok := req.params["allowed_updates"]; ok && a != "" {
		if err := json.Unmarshal([]byte(a), &allowed); err != nil {
			writeError(w, badRequest("can't parse allowed updates JSON array"))
			return
		}
		if allowed == nil {
			allowed = []string{} // given, and empty: all kinds again
		}
	}

	s.mu.Lock()
	if fail := s.takeFailureLocked(req.method); fail != nil {
		s.mu.Unlock()
		writeError(w, fail)
		return
	}
	if s.webhook.url != "" {
		s.mu.Unlock()
		writeError(w, errWebhookActive)
		return
	}
	if s.pollKick != nil {
		close(s.pollKick)
	}
	kick := make(chan struct{})
	s.pollKick = kick
	if allowed != nil {
		s.allowed = allowed
		if len(allowed) == 0 {
			s.allowed = nil
		}
	}
	s.confirmLocked(offset)
	s.mu.Unlock()

	deadline := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		batch := s.batchLocked(limit)
		changed, hooked := s.changed, s.webhook.url != ""
		s.mu.Unlock()
		if hooked {
			s.endPoll(kick)
			writeError(w, errWebhookActive)
			return
		}
		if len(batch) > 0 || timeout <= 0 {
			s.endPoll(kick)
			writeResult(w, batch)
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			s.endPoll(kick)
			writeResult(w, batch)
			return
		case <-kick:
			s.mu.Lock()
			s.pollConflicts++
			s.mu.Unlock()
			writeError(w, errOtherPoll)
			return
		case <-s.closing:
			writeResult(w, batch)
			return
		case <-r.Context().Done():
			s.endPoll(kick)
			return
		}
	}
}

// confirmLocked drops the updates an offset confirms: those below a positive
// offset, or all but the last -offset for a negative one. It also drops
// updates of kinds the bot said it does not want, which Telegram would never
// have queued.
func (s *Server) confirmLocked(offset int64) {
	before := len(s.updates)
	switch {
	case offset > 0:
		s.updates = slices.DeleteFunc(s.updates, func(u queued) bool { return u.id < offset })
	case offset < 0 && int64(len(s.updates)) > -offset:
		s.updates = slices.Delete(s.updates, 0, len(s.updates)+int(offset))
	}
	if s.allowed != nil {
		s.updates = slices.DeleteFunc(s.updates, func(u queued) bool { return !slices.Contains(s.allowed, u.kind) })
	}
	if len(s.updates) != before {
		s.notifyLocked()
	}
}

// batchLocked returns up to limit queued updates, oldest first.
func (s *Server) batchLocked(limit int) []json.RawMessage {
	if s.allowed != nil {
		s.confirmLocked(0)
	}
	out := []json.RawMessage{}
	for _, u := range s.updates {
		if len(out) == limit {
			break
		}
		out = append(out, u.body)
	}
	return out
}

// PollConflicts is how many getUpdates calls were ended by a newer one (409
// Conflict), as Telegram ends them when two consumers poll one bot.
func (s *Server) PollConflicts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pollConflicts
}

func (s *Server) endPoll(kick chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pollKick == kick {
		s.pollKick = nil
	}
}
