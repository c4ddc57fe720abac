// Package optin offers a cached clock as an explicit opt-in beside a
// direct implementation of the same interface, in the shape of freecache's
// timer.go: for hosts whose clocksource makes time.Now a real system call.
// Not reported.
package optin

import (
	"sync/atomic"
	"time"
)

// Timer reads the current Unix time.
type Timer interface {
	Now() uint32
}

// getUnixTime returns the Unix time in seconds.
func getUnixTime() uint32 { return uint32(time.Now().Unix()) }

// defaultTimer reads the clock directly, through getUnixTime.
type defaultTimer struct{}

func (defaultTimer) Now() uint32 { return getUnixTime() }

// cachedTimer is the opt-in cache.
type cachedTimer struct {
	now    uint32
	ticker *time.Ticker
	done   chan bool
}

// NewCachedTimer returns a Timer that refreshes a cached time every
// second; use it only where time.Now is slow.
func NewCachedTimer() Timer {
	t := &cachedTimer{now: getUnixTime(), ticker: time.NewTicker(time.Second), done: make(chan bool)}
	go t.update()
	return t
}

func (t *cachedTimer) Now() uint32 { return atomic.LoadUint32(&t.now) }

func (t *cachedTimer) Stop() { close(t.done) }

func (t *cachedTimer) update() {
	for {
		select {
		case <-t.ticker.C:
			atomic.StoreUint32(&t.now, getUnixTime())
		case <-t.done:
			t.ticker.Stop()
			return
		}
	}
}

// The same with a constructor literal as the refresher: the store into a
// field of the opt-in type identifies it.
type Clock interface{ Nanos() int64 }

type sysClock struct{}

func (sysClock) Nanos() int64 { return time.Now().UnixNano() }

type coarseClock struct{ n atomic.Int64 }

func (c *coarseClock) Nanos() int64 { return c.n.Load() }

func NewCoarse() Clock {
	c := new(coarseClock)
	go func() {
		for range time.Tick(time.Millisecond) {
			c.n.Store(time.Now().UnixNano())
		}
	}()
	return c
}

// An opt-in by configuration: the refresher exists for the Date header,
// and the coarse second it also keeps is read only when the server is
// configured for it, beside a direct read of the clock (the shape of
// fasthttp's LazyRequestTime).
var (
	dateLine     atomic.Pointer[[]byte]
	serverSecond atomic.Int64
)

func refreshDate() {
	now := time.Now()
	line := dateLineFor(now)
	dateLine.Store(&line)
	serverSecond.Store(now.Unix())
}

func dateLineFor(now time.Time) []byte {
	return now.UTC().AppendFormat([]byte("Date: "), "Mon, 02 Jan 2006 15:04:05 GMT")
}

func coarseSecond() int64 { return serverSecond.Load() }

func StartDate() {
	refreshDate()
	go func() {
		for {
			time.Sleep(time.Second)
			refreshDate()
		}
	}()
}

type Server struct{ LazyRequestTime bool }

func (s *Server) requestSecond() int64 {
	var sec int64
	if s.LazyRequestTime {
		sec = coarseSecond()
	} else {
		sec = time.Now().Unix()
	}
	return sec
}

// The same choice made with an early return.
type Lazy struct {
	coarse bool
	now    atomic.Int64
}

func (l *Lazy) Start() {
	go func() {
		for range time.Tick(time.Second) {
			l.now.Store(time.Now().UnixNano())
		}
	}()
}

func (l *Lazy) Nanos() int64 {
	if l.coarse {
		return l.now.Load()
	}
	return time.Now().UnixNano()
}
