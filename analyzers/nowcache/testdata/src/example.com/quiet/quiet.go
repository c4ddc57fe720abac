// Package quiet holds refreshers and clock reads that are not reported.
package quiet

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// A cached HTTP Date header, refreshed once a second: formatting is real
// work saved on every request.
var dateHeader atomic.Value

func StartDate() {
	go func() {
		for range time.Tick(time.Second) {
			dateHeader.Store(time.Now().UTC().Format(http.TimeFormat))
		}
	}()
}

// The same as a byte slice built with AppendFormat.
type DateCache struct {
	mu   sync.Mutex
	date []byte
}

func (d *DateCache) Start() { go d.loop() }

func (d *DateCache) loop() {
	t := time.NewTicker(time.Second)
	for range t.C {
		b := time.Now().UTC().AppendFormat(nil, http.TimeFormat)
		d.mu.Lock()
		d.date = b
		d.mu.Unlock()
	}
}

// A number formatted as text (a log prefix).
var stamp atomic.Pointer[string]

func StartStamp() {
	go func() {
		for {
			s := strconv.FormatInt(time.Now().Unix(), 10)
			stamp.Store(&s)
			time.Sleep(time.Second)
		}
	}()
}

// A one-off reading before the loop, stored repeatedly: not a fresh
// reading per tick.
var started time.Time

func StartOnce() {
	go func() {
		start := time.Now()
		for range time.Tick(time.Second) {
			started = start
		}
	}()
}

// An elapsed duration, not a clock.
var uptime atomic.Int64

func StartUptime() {
	go func() {
		start := time.Now()
		for range time.Tick(time.Second) {
			uptime.Store(int64(time.Since(start)))
		}
	}()
}

// A loop that reads the clock for its own use: evicting expired entries.
type Cache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	lastRun time.Time
}

func (c *Cache) Start() { go c.janitor() }

func (c *Cache) janitor() {
	for range time.Tick(time.Minute) {
		now := time.Now()
		c.mu.Lock()
		for k, exp := range c.items {
			if now.After(exp) {
				delete(c.items, k)
			}
		}
		c.mu.Unlock()
	}
}

// A janitor that does its work and records when it last ran.
func (c *Cache) Start2() { go c.sweeper() }

func (c *Cache) sweeper() {
	for range time.Tick(time.Minute) {
		c.evict()
		c.mu.Lock()
		c.lastRun = time.Now()
		c.mu.Unlock()
	}
}

func (c *Cache) evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.items {
		delete(c.items, k)
	}
}

// A reading compared before it is stored: the loop uses it itself.
type Watchdog struct {
	last  time.Time
	fired atomic.Bool
}

func (w *Watchdog) Start() {
	go func() {
		for range time.Tick(time.Second) {
			now := time.Now()
			if now.Sub(w.last) > 2*time.Second {
				w.fired.Store(true)
			}
			w.last = now
		}
	}()
}

// Event-driven: the loop stamps each job it receives; the timer is a
// timeout.
type Worker struct{ lastJob time.Time }

func (w *Worker) Start(jobs <-chan int) {
	go func() {
		for {
			select {
			case j := <-jobs:
				w.lastJob = time.Now()
				_ = j
			case <-time.After(time.Minute):
				return
			}
		}
	}()
}

// Not paced: a loop on a channel of kicks.
type Kicked struct{ now atomic.Int64 }

func (k *Kicked) Start(kick <-chan struct{}) {
	go func() {
		for range kick {
			k.now.Store(time.Now().UnixNano())
		}
	}()
}

// Not in a goroutine: the caller runs the loop itself (and reads the
// clock only there).
type Sync struct{ now atomic.Int64 }

func (s *Sync) Run() {
	for range time.Tick(time.Second) {
		s.now.Store(time.Now().UnixNano())
	}
}

// A store into a variable of the goroutine's own.
func StartLocal() {
	go func() {
		var last time.Time
		p := &last
		for range time.Tick(time.Second) {
			*p = time.Now()
			use(p)
		}
	}()
}

func use(*time.Time) {}

// The reading sent to another goroutine rather than cached.
func StartSender(out chan<- time.Time) {
	go func() {
		for range time.Tick(time.Second) {
			out <- time.Now()
		}
	}()
}

// A time.AfterFunc refresher: no go statement; out of scope.
var afterNow atomic.Int64

func StartAfterFunc() {
	var f func()
	f = func() {
		afterNow.Store(time.Now().UnixNano())
		time.AfterFunc(time.Second, f)
	}
	f()
}

// A spinning loop without a timer is not a paced refresher.
var spin atomic.Int64

func StartSpin() {
	go func() {
		for {
			spin.Store(time.Now().UnixNano())
		}
	}()
}

// A goroutine started through a function value the analyzer cannot
// resolve.
func StartDynamic(start func(func())) {
	go start(func() {})
}

// A refresher that also sweeps a sync.Map: work, not a dedicated cache.
type Sessions struct {
	m       sync.Map
	lastRun atomic.Int64
}

func (s *Sessions) Start() {
	go func() {
		for range time.Tick(time.Minute) {
			s.m.Range(func(k, v any) bool {
				s.m.Delete(k)
				return true
			})
			s.lastRun.Store(time.Now().Unix())
		}
	}()
}
