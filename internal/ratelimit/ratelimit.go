// Package ratelimit keeps the bot's sends within Telegram's limits across
// every replica: an overall rate (about 30 messages per second per bot), one
// message per second to one chat and 20 per minute to a group. The state
// lives in Redis and is updated by one Lua script per reservation, so
// replicas share one schedule and agree on Redis's clock.
//
// The algorithm is GCRA without burst (virtual scheduling): each send is
// given the next free slot of a fixed spacing, so sends never bunch up to
// catch up after an idle or slow moment. Every spacing is widened by a small
// headroom, so that network jitter between the slot and the moment Telegram
// receives the request cannot push a sliding second over the limit.
package ratelimit

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults of Limits.
const (
	DefaultHeadroom = 0.02
	DefaultChat     = time.Second
	DefaultGroup    = 3 * time.Second // 20 per minute
)

// Limits are the limits to keep; zero fields take the defaults.
type Limits struct {
	// Rate is the overall messages per second across all replicas.
	Rate float64
	// Headroom is the fraction of every limit kept free against jitter.
	Headroom float64
	// Chat is the least time between two messages to one private chat.
	Chat time.Duration
	// Group is the least time between two messages to one group (chat id < 0).
	Group time.Duration
}

// Limiter reserves send slots. It is safe for concurrent use.
type Limiter struct {
	rdb                     redis.Scripter
	global, chatPrefix      string
	slot, chatGap, groupGap int64 // microseconds
}

//go:embed reserve.lua
var reserveLua string

var reserveScript = redis.NewScript(reserveLua)

// New returns a limiter whose keys start with prefix (the deployment's
// REDIS_PREFIX); limiters with the same prefix share their limits.
func New(rdb redis.Scripter, prefix string, l Limits) (*Limiter, error) {
	if l.Rate <= 0 {
		return nil, errors.New("ratelimit: rate must be positive")
	}
	if l.Headroom == 0 {
		l.Headroom = DefaultHeadroom
	}
	if l.Headroom < 0 || l.Headroom >= 1 {
		return nil, fmt.Errorf("ratelimit: headroom %v out of [0, 1)", l.Headroom)
	}
	if l.Chat == 0 {
		l.Chat = DefaultChat
	}
	if l.Group == 0 {
		l.Group = DefaultGroup
	}
	widen := func(d float64) int64 { return int64(d / (1 - l.Headroom)) }
	return &Limiter{
		rdb: rdb, global: prefix + "ratelimit:global", chatPrefix: prefix + "ratelimit:chat:",
		slot:     widen(1e6 / l.Rate),
		chatGap:  widen(float64(l.Chat.Microseconds())),
		groupGap: widen(float64(l.Group.Microseconds())),
	}, nil
}

// Interval is the spacing of global slots: 1/Rate widened by the headroom.
func (l *Limiter) Interval() time.Duration { return time.Duration(l.slot) * time.Microsecond }

// Reservation is the answer to Reserve.
type Reservation struct {
	// OK is true when a slot was taken: send after Delay. False means the
	// chat is busy: no slot was taken, try again after Delay.
	OK bool
	// Delay is how long to wait before sending (OK) or asking again (!OK).
	Delay time.Duration
	// At is the slot's time on Redis's clock (OK only): slots are at least
	// Interval apart.
	At time.Time
}

// Reserve takes the next global slot for a message to chatID, unless the
// chat's own limit would be broken at that slot; then it takes nothing and
// says when the chat is free. A caller that took a slot should send at
// Delay, not earlier; sending later is safe but wastes the slot.
func (l *Limiter) Reserve(ctx context.Context, chatID int64) (Reservation, error) {
	gap := l.chatGap
	if chatID < 0 {
		gap = l.groupGap
	}
	res, err := reserveScript.Run(ctx, l.rdb, []string{l.global, l.chatPrefix + strconv.FormatInt(chatID, 10)},
		l.slot, gap).Int64Slice()
	if err != nil {
		return Reservation{}, fmt.Errorf("reserve send slot: %w", err)
	}
	if len(res) != 3 {
		return Reservation{}, fmt.Errorf("reserve send slot: unexpected answer %v", res)
	}
	r := Reservation{OK: res[0] == 1, Delay: time.Duration(res[1]) * time.Microsecond}
	if r.OK {
		r.At = time.UnixMicro(res[2])
	}
	return r, nil
}
