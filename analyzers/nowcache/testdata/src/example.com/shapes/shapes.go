// Package shapes holds one coarse clock per refresher shape; each is
// reported at its store.
package shapes

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Clock: a ticker select loop in a method started by go c.refresh(),
// storing into a sync/atomic Int64 field.
type Clock struct {
	now  atomic.Int64
	stop chan struct{}
}

func NewClock() *Clock {
	c := &Clock{stop: make(chan struct{})}
	c.now.Store(time.Now().UnixNano())
	go c.refresh()
	return c
}

func (c *Clock) refresh() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.now.Store(time.Now().UnixNano()) // want `^background goroutine caches time\.Now in c\.now, refreshed every 1s$`
		case <-c.stop:
			return
		}
	}
}

func (c *Clock) Now() time.Time { return time.Unix(0, c.now.Load()) }

// for range time.Tick, atomic.StoreInt64 into a package variable.
var unixNow int64

func init() {
	go func() {
		for range time.Tick(100 * time.Millisecond) {
			atomic.StoreInt64(&unixNow, time.Now().Unix()) // want `caches time\.Now in unixNow, refreshed every 100ms$`
		}
	}()
}

// A sleep loop storing into a plain variable: also a data race.
var coarse time.Time

func StartSleeper() {
	go func() {
		for {
			coarse = time.Now() // want `caches time\.Now in coarse, refreshed every 10ms$`
			time.Sleep(10 * time.Millisecond)
		}
	}()
}

// A package variable under a mutex, refreshed from a ticker's range loop.
var (
	mu     sync.Mutex
	cached time.Time
)

func StartLocked() {
	go func() {
		t := time.NewTicker(time.Second)
		for range t.C {
			mu.Lock()
			cached = time.Now().Truncate(time.Second) // want `caches time\.Now in cached, refreshed every 1s`
			mu.Unlock()
		}
	}()
}

// atomic.Value, storing the time.Time itself.
var current atomic.Value

func StartValue() {
	go func() {
		for {
			current.Store(time.Now()) // want `caches time\.Now in current, refreshed every 2s`
			time.Sleep(2 * time.Second)
		}
	}()
}

// atomic.Pointer[time.Time], storing the address of a fresh reading.
var ptr atomic.Pointer[time.Time]

func StartPointer() {
	go func() {
		for range time.Tick(time.Second) {
			t := time.Now().UTC()
			ptr.Store(&t) // want `caches time\.Now in ptr, refreshed every 1s`
		}
	}()
}

// The tick's own time (the runtime reads the clock when it fires), as in
// fasttime-style packages.
var currentTimestamp uint64

func StartTick() {
	go func() {
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for tm := range ticker.C {
			t := uint64(tm.Unix())
			atomic.StoreUint64(&currentTimestamp, t) // want `caches the tick's time in currentTimestamp, refreshed every 1s`
		}
	}()
}

// The tick's time received in a select case.
var lastTick atomic.Int64

func StartSelectTick(done <-chan struct{}) {
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		for {
			select {
			case now := <-t.C:
				lastTick.Store(now.UnixMilli()) // want `caches the tick's time in lastTick, refreshed every 250ms`
			case <-done:
				return
			}
		}
	}()
}

// The store in a helper the loop calls, under the helper's lock.
type Helper struct {
	mu  sync.Mutex
	now time.Time
}

func (h *Helper) Start() { go h.loop() }

func (h *Helper) loop() {
	for range time.Tick(time.Second) {
		h.update()
	}
}

func (h *Helper) update() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = time.Now() // want `caches time\.Now in h\.now, refreshed every 1s`
}

// The reading taken in the loop, stored by a helper it is passed to.
type Passed struct{ ms atomic.Int64 }

func (p *Passed) Start() {
	go func() {
		for {
			now := time.Now()
			p.set(now)
			time.Sleep(time.Millisecond)
		}
	}()
}

func (p *Passed) set(t time.Time) {
	p.ms.Store(t.UnixMilli()) // want `caches time\.Now in p\.ms, refreshed every 1ms`
}

// Started through a literal that calls the loop; the period comes from a
// field and is not a constant.
type Runner struct {
	interval time.Duration
	now      atomic.Int64
}

func (r *Runner) Start() {
	go func() {
		r.run()
	}()
}

func (r *Runner) run() {
	for {
		time.Sleep(r.interval)
		r.now.Store(time.Now().UnixNano()) // want `caches time\.Now in r\.now, refreshed periodically$`
	}
}

// time.After in a loop, storing into a variable captured from the
// function that starts the goroutine.
func StartCaptured() *int64 {
	var ms int64
	go func() {
		for {
			<-time.After(time.Second)
			atomic.StoreInt64(&ms, time.Now().UnixMilli()) // want `caches time\.Now in ms, refreshed every 1s`
		}
	}()
	return &ms
}

// A time.Timer re-armed with Reset; the state is passed as a parameter.
type State struct{ now time.Time }

func StartTimer(s *State) {
	go refreshState(s)
}

func refreshState(s *State) {
	t := time.NewTimer(0)
	for {
		<-t.C
		s.now = time.Now().Round(0) // want `caches time\.Now in s\.now, refreshed every 500ms`
		t.Reset(500 * time.Millisecond)
	}
}

// A ticker kept in a field, created with a constant period elsewhere (the
// shape of freecache's cachedTimer, without the direct twin).
type FieldTicker struct {
	now    uint32
	ticker *time.Ticker
	done   chan bool
}

func NewFieldTicker() *FieldTicker {
	t := &FieldTicker{ticker: time.NewTicker(time.Second), done: make(chan bool)}
	go t.update()
	return t
}

func (t *FieldTicker) update() {
	for {
		select {
		case <-t.ticker.C:
			atomic.StoreUint32(&t.now, uint32(time.Now().Unix())) // want `caches time\.Now in t\.now, refreshed every 1s`
		case <-t.done:
			t.ticker.Stop()
			return
		}
	}
}

func (t *FieldTicker) Now() uint32 { return atomic.LoadUint32(&t.now) }

// An immediately called literal holding the lock in the loop.
type Literal struct {
	mu   sync.RWMutex
	unix int64
}

func (l *Literal) Start() {
	go func() {
		for range time.Tick(time.Second) {
			func() {
				l.mu.Lock()
				defer l.mu.Unlock()
				l.unix = time.Now().Unix() // want `caches time\.Now in l\.unix, refreshed every 1s`
			}()
		}
	}()
}

// Started through a method value.
type Bound struct{ nanos atomic.Int64 }

func (b *Bound) Start() {
	f := b.loop
	go f()
}

func (b *Bound) loop() {
	for range time.Tick(time.Second) {
		b.nanos.Store(time.Now().UnixNano()) // want `caches time\.Now in b\.nanos, refreshed every 1s`
	}
}

// A pointer to a snapshot struct holding the reading.
type snapshot struct {
	at  time.Time
	gen int
}

var snap atomic.Pointer[snapshot]

func StartSnapshot() {
	go func() {
		gen := 0
		for range time.Tick(time.Second) {
			gen++
			snap.Store(&snapshot{at: time.Now(), gen: gen}) // want `caches time\.Now in snap, refreshed every 1s`
		}
	}()
}

// A generic refresher.
type Cell[T any] struct {
	v   T
	now atomic.Int64
}

func (c *Cell[T]) Start() { go c.loop() }

func (c *Cell[T]) loop() {
	for {
		c.now.Store(time.Now().UnixNano()) // want `caches time\.Now in c\.now, refreshed every 1s`
		time.Sleep(time.Second)
	}
}

var _ = (&Cell[int]{}).Start

// The reading taken by a getter the loop calls.
func unixMilli() int64 { return time.Now().UnixMilli() }

var milli atomic.Int64

func StartGetter() {
	go func() {
		for range time.Tick(time.Second) {
			milli.Store(unixMilli()) // want `caches time\.Now in milli, refreshed every 1s`
		}
	}()
}

// The receiver captured by a deferred literal lives in a local variable;
// a context ends the loop; a quiet helper may break out of it (the shape
// of ants' ticktock).
type Pool struct {
	state int32
	done  int32
	now   atomic.Value
}

func (p *Pool) IsClosed() bool { return atomic.LoadInt32(&p.state) == 1 }

func (p *Pool) ticktock(ctx context.Context) {
	ticker := time.NewTicker(500 * time.Millisecond)
	defer func() {
		ticker.Stop()
		atomic.StoreInt32(&p.done, 1)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		if p.IsClosed() {
			break
		}
		p.now.Store(time.Now()) // want `caches time\.Now in p\.now, refreshed every 500ms`
	}
}

func (p *Pool) Start(ctx context.Context) { go p.ticktock(ctx) }

// A pointer held in a struct passed by value.
type Config struct {
	Now *atomic.Int64
	Tag string
}

func StartConfig(cfg Config) {
	go func(cfg Config) {
		for range time.Tick(time.Second) {
			cfg.Now.Store(time.Now().Unix()) // want `caches time\.Now in cfg\.Now, refreshed every 1s`
		}
	}(cfg)
}

// A refresher that formats the Date header through a helper of the
// package (not reported) and also keeps a coarse second that is read
// without any alternative (reported).
var (
	dateLine   atomic.Pointer[[]byte]
	unixSecond atomic.Int64
)

func refreshDate() {
	now := time.Now()
	line := dateLineFor(now)
	dateLine.Store(&line)
	unixSecond.Store(now.Unix()) // want `caches time\.Now in unixSecond, refreshed every 1s`
}

func dateLineFor(now time.Time) []byte {
	y, m, d := now.Date()
	_, _, _ = y, m, d
	return now.UTC().AppendFormat([]byte("Date: "), "Mon, 02 Jan 2006 15:04:05 GMT")
}

func StartDate() {
	go func() {
		for {
			time.Sleep(time.Second)
			refreshDate()
		}
	}()
}

// A configurable cache read once beside time.Now and once on its own: the
// unguarded read makes it a cache readers depend on.
type HalfLazy struct {
	coarse bool
	now    atomic.Int64
}

func (h *HalfLazy) Start() {
	go func() {
		for range time.Tick(time.Second) {
			h.now.Store(time.Now().UnixNano()) // want `caches time\.Now in h\.now, refreshed every 1s`
		}
	}()
}

func (h *HalfLazy) Nanos() int64 {
	if h.coarse {
		return h.now.Load()
	}
	return time.Now().UnixNano()
}

func (h *HalfLazy) Deadline(d time.Duration) int64 { return h.now.Load() + int64(d) }
