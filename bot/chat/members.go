package chat

import (
	"context"
	"sync"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// memberTTL is how long a looked-up membership is trusted. Every update needs
// to know who sent it; a user pressing through a flow sends several a
// second, and a deactivation or role change reaching the bot two seconds
// late is harmless (the domain layer checks rights on each call anyway).
const memberTTL = 2 * time.Second

// memberCache remembers recent staff lookups by Telegram user id. Only
// members are cached, so a newly invited user is never refused for long.
type memberCache struct {
	mu  sync.Mutex
	m   map[int64]cachedMember
	now func() time.Time
}

type cachedMember struct {
	member staff.Member
	until  time.Time
}

func newMemberCache() *memberCache { return &memberCache{m: map[int64]cachedMember{}, now: time.Now} }

// get returns the member for a Telegram user, from the cache or the store.
func (c *memberCache) get(ctx context.Context, st *staff.Store, telegramID int64) (staff.Member, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.m[telegramID]
	c.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.member, nil
	}
	m, err := st.ByTelegramID(ctx, telegramID)
	if err != nil {
		return m, err
	}
	c.put(m)
	return m, nil
}

// put stores a fresh view of a member (after a change made here).
func (c *memberCache) put(m staff.Member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10_000 { // bounded: drop everything rather than track ages
		clear(c.m)
	}
	c.m[m.TelegramID] = cachedMember{member: m, until: c.now().Add(memberTTL)}
}

// drop forgets a member at once (after they were deactivated here), so
// their next update on this replica finds them a stranger.
func (c *memberCache) drop(telegramID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, telegramID)
}
