// Package session keeps each chat's multi-step conversation state in Redis,
// with an inactivity timeout. Nothing here is a record: records are written
// to PostgreSQL only when a conversation is confirmed, so losing a session
// (timeout, Redis restart) loses no data, only the unfinished draft. That a
// conversation is under way is also written to PostgreSQL (when it starts
// and when it ends, not at every step), so the user is told their draft was
// lost even when Redis lost everything.
package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// State is one chat's conversation: which flow, which step, the draft so far.
// The flow's owner names its flows and steps and encodes its draft; the
// session keeps them without reading them.
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
	LastUpdate int64 `json:"last_update,omitempty"`
	// Applied are the few updates applied before LastUpdate, for the same
	// reason: after a database crash more than one may run again.
	Applied []int64 `json:"applied,omitempty"`
	// Draft is the flow's answers so far, as JSON its owner encoded.
	Draft   json.RawMessage `json:"draft,omitempty"`
	Started time.Time       `json:"started"`
	// Ended is the flow the last update finished, kept so that its end can
	// be replayed (see Ended).
	Ended *Ended `json:"ended,omitempty"`
}

// Ended remembers a finished flow: its draft as it was when its last step
// saved it, the update whose id keyed the records it created, and the
// button that finished it. Pressing that button again, or the same update
// running again after a crash cut off the reply, replays the last step: the
// records are found by their key instead of made twice, and the user sees
// what was saved.
type Ended struct {
	Flow  string          `json:"flow"`
	Step  string          `json:"step"`
	Nonce string          `json:"nonce"`
	MsgID int64           `json:"msg_id,omitempty"`
	Draft json.RawMessage `json:"draft,omitempty"`
	// Key is the update id the flow's records were keyed on.
	Key int64 `json:"key"`
	// By is the callback data of the button that finished the flow ("" if
	// it was typed text).
	By string `json:"by,omitempty"`
}

// Active reports whether a flow is under way.
func (s State) Active() bool { return s.Flow != "" }

// Lost describes a conversation that vanished unfinished.
type Lost struct {
	// Flow names it; "" when nothing was lost.
	Flow string
	// TimedOut is true when it ran out of time; false when the store lost
	// it (Redis restarted or was flushed).
	TimedOut bool
}

// Store reads and writes states.
type Store struct {
	rdb    *redis.Client
	db     *pgxpool.Pool
	prefix string
	ttl    time.Duration
}

// NewStore keeps states in Redis under prefix with the given inactivity
// timeout, and which chats are in a conversation in db.
func NewStore(rdb *redis.Client, db *pgxpool.Pool, prefix string, ttl time.Duration) *Store {
	return &Store{rdb: rdb, db: db, prefix: prefix, ttl: ttl}
}

// TTL is the inactivity timeout.
func (s *Store) TTL() time.Duration { return s.ttl }

func (s *Store) key(chatID int64) string {
	return s.prefix + "session:" + strconv.FormatInt(chatID, 10)
}

// trace remembers for a day that a flow existed, so a user whose session timed
// out is told so instead of having their next words taken as something else.
// Its value is the flow, or lostPrefix and the flow when it was restored
// from PostgreSQL after Redis lost everything.
func (s *Store) trace(chatID int64) string {
	return s.prefix + "trace:" + strconv.FormatInt(chatID, 10)
}

// epoch is a key that lives as long as Redis keeps its data: when it is
// missing, Redis restarted empty or was flushed, and the traces are
// restored from PostgreSQL.
func (s *Store) epoch() string { return s.prefix + "epoch" }

const (
	lostPrefix = "lost:"
	traceTTL   = 24 * time.Hour
)

// Load returns the chat's state; ok is false when there is none. When there
// is none but a flow was under way (it timed out, or Redis lost it), lost
// names that flow; it is reported once.
func (s *Store) Load(ctx context.Context, chatID int64) (st State, ok bool, lost Lost, err error) {
	// One round trip for the three keys: this runs for every update.
	vals, err := s.rdb.MGet(ctx, s.key(chatID), s.trace(chatID), s.epoch()).Result()
	if err != nil {
		return State{}, false, Lost{}, fmt.Errorf("session: load: %w", err)
	}
	raw, _ := vals[0].(string)
	trace, _ := vals[1].(string)
	if raw != "" && json.Unmarshal([]byte(raw), &st) == nil {
		return st, true, Lost{}, nil
	}
	if vals[2] == nil {
		if err := s.restore(ctx); err != nil {
			return State{}, false, Lost{}, err
		}
		if trace, err = s.rdb.Get(ctx, s.trace(chatID)).Result(); err != nil && !errors.Is(err, redis.Nil) {
			return State{}, false, Lost{}, fmt.Errorf("session: load trace: %w", err)
		}
	}
	// A state that is missing or unreadable is as good as gone.
	if trace == "" {
		return State{}, false, Lost{}, nil
	}
	if err := s.forget(ctx, chatID); err != nil {
		return State{}, false, Lost{}, err
	}
	if flow, ok := strings.CutPrefix(trace, lostPrefix); ok {
		return State{}, false, Lost{Flow: flow}, nil
	}
	return State{}, false, Lost{Flow: trace, TimedOut: true}, nil
}

// restore copies the conversations PostgreSQL knows to be under way into
// Redis as traces of lost drafts, then marks Redis as holding data again.
// Replicas may run it at once: they write the same keys.
func (s *Store) restore(ctx context.Context) error {
	rows, err := s.db.Query(ctx, `SELECT chat_id, flow FROM conversations WHERE started_at > now() - interval '1 day'`)
	if err != nil {
		return fmt.Errorf("session: read conversations: %w", err)
	}
	defer rows.Close()
	pipe := s.rdb.Pipeline()
	for rows.Next() {
		var chat int64
		var flow string
		if err := rows.Scan(&chat, &flow); err != nil {
			return fmt.Errorf("session: read conversations: %w", err)
		}
		// A chat whose state survived is untouched (SetNX on its trace only
		// matters once its state is gone, and then it was lost).
		pipe.SetNX(ctx, s.trace(chat), lostPrefix+flow, traceTTL)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("session: read conversations: %w", err)
	}
	pipe.Set(ctx, s.epoch(), time.Now().UTC().Format(time.RFC3339), 0)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("session: restore traces: %w", err)
	}
	return nil
}

// forget ends what is remembered of a vanished conversation.
func (s *Store) forget(ctx context.Context, chatID int64) error {
	if err := s.rdb.Del(ctx, s.trace(chatID)).Err(); err != nil {
		return fmt.Errorf("session: clear trace: %w", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM conversations WHERE chat_id = $1`, chatID); err != nil {
		return fmt.Errorf("session: clear conversation: %w", err)
	}
	return nil
}

// Save writes the state and restarts its inactivity timeout. was is the
// flow the chat had before ("" for none): when the flow changes, the change
// is written to PostgreSQL first.
func (s *Store) Save(ctx context.Context, chatID int64, st State, was string) error {
	if st.Flow != was {
		var err error
		if st.Flow == "" {
			_, err = s.db.Exec(ctx, `DELETE FROM conversations WHERE chat_id = $1`, chatID)
		} else {
			_, err = s.db.Exec(ctx, `INSERT INTO conversations (chat_id, flow) VALUES ($1, $2)
				ON CONFLICT (chat_id) DO UPDATE SET flow = excluded.flow, started_at = now()`, chatID, st.Flow)
		}
		if err != nil {
			return fmt.Errorf("session: save conversation: %w", err)
		}
	}
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("session: encode: %w", err)
	}
	pipe := s.rdb.Pipeline()
	pipe.Set(ctx, s.key(chatID), b, s.ttl)
	if st.Flow != "" {
		pipe.Set(ctx, s.trace(chatID), st.Flow, traceTTL)
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
	if _, err := s.db.Exec(ctx, `DELETE FROM conversations WHERE chat_id = $1`, chatID); err != nil {
		return fmt.Errorf("session: clear conversation: %w", err)
	}
	if err := s.rdb.Del(ctx, s.key(chatID), s.trace(chatID)).Err(); err != nil {
		return fmt.Errorf("session: clear: %w", err)
	}
	return nil
}
