// Package session keeps each chat's multi-step conversation state in Redis,
// with an inactivity timeout. Nothing here is a record: records are written
// to PostgreSQL only when a conversation is confirmed, so losing a session
// (timeout, Redis restart) loses no data, only the unfinished draft.
package session

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// State is one chat's conversation: which flow, which step, the draft so far.
type State struct {
	Flow string `json:"flow,omitempty"`
	Step string `json:"step,omitempty"`
	// Nonce ties the flow's buttons to this conversation: a button carrying
	// another nonce is stale.
	Nonce string `json:"nonce,omitempty"`
	// MsgID is the bot message the flow edits in place.
	MsgID int64 `json:"msg_id,omitempty"`
	// LastUpdate is the newest Telegram update applied to this state, so a
	// reprocessed update does not advance the flow twice.
	LastUpdate int64             `json:"last_update,omitempty"`
	Data       map[string]string `json:"data,omitempty"`
	Started    time.Time         `json:"started"`
}

// Active reports whether a flow is under way.
func (s State) Active() bool { return s.Flow != "" }

// Get returns a draft field.
func (s State) Get(k string) string { return s.Data[k] }

// Set stores a draft field.
func (s *State) Set(k, v string) {
	if s.Data == nil {
		s.Data = map[string]string{}
	}
	s.Data[k] = v
}

// Store reads and writes states.
type Store struct {
	rdb    *redis.Client
	prefix string
	ttl    time.Duration
}

// NewStore keeps states under prefix with the given inactivity timeout.
func NewStore(rdb *redis.Client, prefix string, ttl time.Duration) *Store {
	return &Store{rdb: rdb, prefix: prefix, ttl: ttl}
}

// TTL is the inactivity timeout.
func (s *Store) TTL() time.Duration { return s.ttl }

func (s *Store) key(chatID int64) string {
	return s.prefix + "session:" + strconv.FormatInt(chatID, 10)
}

// trace remembers for a day that a flow existed, so a user whose session timed
// out is told so instead of having their next words taken as something else.
func (s *Store) trace(chatID int64) string {
	return s.prefix + "trace:" + strconv.FormatInt(chatID, 10)
}

// Load returns the chat's state; ok is false when there is none. When there
// is none but a flow was under way (it timed out, or Redis lost it), expired
// names that flow; it is reported once.
func (s *Store) Load(ctx context.Context, chatID int64) (st State, ok bool, expired string, err error) {
	// One round trip for both keys: this runs for every update.
	vals, err := s.rdb.MGet(ctx, s.key(chatID), s.trace(chatID)).Result()
	if err != nil {
		return State{}, false, "", fmt.Errorf("session: load: %w", err)
	}
	raw, _ := vals[0].(string)
	flow, _ := vals[1].(string)
	if raw != "" && json.Unmarshal([]byte(raw), &st) == nil {
		return st, true, "", nil
	}
	// A state that is missing or unreadable is as good as gone.
	if flow != "" {
		if err := s.rdb.Del(ctx, s.trace(chatID)).Err(); err != nil {
			return State{}, false, "", fmt.Errorf("session: clear trace: %w", err)
		}
	}
	return State{}, false, flow, nil
}

// Save writes the state and restarts its inactivity timeout.
func (s *Store) Save(ctx context.Context, chatID int64, st State) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("session: encode: %w", err)
	}
	pipe := s.rdb.Pipeline()
	pipe.Set(ctx, s.key(chatID), b, s.ttl)
	if st.Flow != "" {
		pipe.Set(ctx, s.trace(chatID), st.Flow, 24*time.Hour)
	} else {
		pipe.Del(ctx, s.trace(chatID))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("session: save: %w", err)
	}
	return nil
}

// Clear forgets the chat's state.
func (s *Store) Clear(ctx context.Context, chatID int64) error {
	if err := s.rdb.Del(ctx, s.key(chatID), s.trace(chatID)).Err(); err != nil {
		return fmt.Errorf("session: clear: %w", err)
	}
	return nil
}
