package sandbox

import (
	"sync"
	"time"
)

// Clock is the sandbox's business clock: the wall clock shifted by an offset
// that fast-forward moves, so time still passes while a visitor chats, on
// the day they chose.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
	wall   func() time.Time
}

// NewClock returns a clock that reads start now and runs on from there.
func NewClock(start time.Time) *Clock {
	return newClockOn(start, time.Now)
}

func newClockOn(start time.Time, wall func() time.Time) *Clock {
	return &Clock{offset: start.Sub(wall()), wall: wall}
}

// Now is the business time; pass it to the bot as its clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wall().Add(c.offset)
}

// Set moves the clock to t; it runs on from there.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.wall())
}
