// Package clock gives request handlers the current time and the HTTP Date
// header.
package clock

import (
	"net/http"
	"sync/atomic"
	"time"
)

// Coarse is a clock refreshed by a background goroutine every 100ms, so
// that handlers can read the time "without a system call". BUG: on Linux
// time.Now makes no system call (it reads the vDSO clock in tens of
// nanoseconds). The cache buys a goroutine that never exits, ten wake-ups
// a second, and times up to 100ms stale with no monotonic reading: a
// deadline computed from Coarse.Now expires up to 100ms early, and two
// readings taken 50ms apart can be equal. Call time.Now() instead.
type Coarse struct {
	nanos atomic.Int64
	stop  chan struct{}
}

// NewCoarse starts the refresher; call Stop to end it.
func NewCoarse() *Coarse {
	c := &Coarse{stop: make(chan struct{})}
	c.nanos.Store(time.Now().UnixNano())
	go c.run()
	return c
}

func (c *Coarse) run() {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.nanos.Store(time.Now().UnixNano())
		case <-c.stop:
			return
		}
	}
}

// runDate is the correct twin of run: the same refresher, caching the
// formatted Date header instead of the time. That saves formatting work
// on every response, and the header has a resolution of one second
// anyway. Not reported.
func (d *DateHeader) runDate() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			s := now.UTC().Format(http.TimeFormat)
			d.v.Store(&s)
		case <-d.stop:
			return
		}
	}
}

// Now returns the cached time.
func (c *Coarse) Now() time.Time { return time.Unix(0, c.nanos.Load()) }

// Stop ends the refresher.
func (c *Coarse) Stop() { close(c.stop) }

// DateHeader caches the HTTP Date header, refreshed every second.
type DateHeader struct {
	v    atomic.Pointer[string]
	stop chan struct{}
}

// NewDateHeader starts the refresher; call Stop to end it.
func NewDateHeader() *DateHeader {
	d := &DateHeader{stop: make(chan struct{})}
	s := time.Now().UTC().Format(http.TimeFormat)
	d.v.Store(&s)
	go d.runDate()
	return d
}

// Get returns the current Date header value.
func (d *DateHeader) Get() string { return *d.v.Load() }

// Stop ends the refresher.
func (d *DateHeader) Stop() { close(d.stop) }
