// Package edge holds constructs the analyzer must survive: functions
// without bodies, builtins and interface methods started by go, generics,
// iterators, recursion, labelled loops, method expressions.
package edge

import (
	"iter"
	"sync/atomic"
	"time"
	_ "unsafe"
)

//go:linkname nanotime runtime.nanotime
func nanotime() int64

func StartBodyless() {
	go nanotime()
	go println("x")
}

type Runner interface{ Run() }

func StartInvoke(r Runner) {
	go r.Run()
	go Runner.Run(r)
}

// A generic function started through an instantiation.
func refresh[T ~int64](p *T) {
	for range time.Tick(time.Second) {
		*p = T(time.Now().UnixNano()) // want `caches time\.Now in p, refreshed every 1s`
	}
}

type Nanos int64

func StartGeneric(n *Nanos) {
	go refresh(n)
	go refresh[Nanos](n)
}

// A generic type's method started from a generic function.
type Box[T any] struct{ at atomic.Pointer[time.Time] }

func (b *Box[T]) loop() {
	for {
		t := time.Now()
		b.at.Store(&t) // want `caches time\.Now in b\.at, refreshed every 3s`
		time.Sleep(3 * time.Second)
	}
}

func StartBox[T any](b *Box[T]) { go b.loop() }

// An iterator paced by a ticker: the loop is inside the iterator, not the
// goroutine; out of scope.
func ticks(d time.Duration) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for t := range time.Tick(d) {
			if !yield(t) {
				return
			}
		}
	}
}

var seqNow atomic.Pointer[time.Time]

func StartSeq() {
	go func() {
		for t := range ticks(time.Second) {
			seqNow.Store(&t)
		}
	}()
}

// Recursion in a helper the loop calls: not quiet, so not reported.
var depth atomic.Int64

func rec(n int) int {
	if n == 0 {
		depth.Store(time.Now().Unix())
		return 0
	}
	return rec(n - 1)
}

func StartRecursive() {
	go func() {
		for range time.Tick(time.Second) {
			rec(3)
		}
	}()
}

// Labelled nested loops with goto and a select sending.
var labelled atomic.Int64

func StartLabelled(out chan<- int, stop <-chan struct{}) {
	go func() {
	outer:
		for {
			for i := 0; i < 3; i++ {
				select {
				case out <- i:
				case <-stop:
					break outer
				}
			}
			labelled.Store(time.Now().Unix())
			time.Sleep(time.Second)
		}
		goto done
	done:
	}()
}

// A method expression started by go.
type M struct{ n atomic.Int64 }

func (m *M) loop() {
	for range time.Tick(time.Minute) {
		m.n.Store(time.Now().Unix()) // want `caches time\.Now in m\.n, refreshed every 1m0s`
	}
}

func StartMethodExpr(m *M) { go (*M).loop(m) }

// A go statement inside a loop paced by a ticker: spawning is work.
var spawned atomic.Int64

func StartSpawner() {
	go func() {
		for range time.Tick(time.Second) {
			spawned.Store(time.Now().Unix())
			go func() {}()
		}
	}()
}

// Ticker from a parameter and a timer channel captured by the literal.
var fromParam atomic.Int64

func StartParamTicker(t *time.Ticker, c <-chan time.Time) {
	go func(t *time.Ticker) {
		for range t.C {
			fromParam.Store(time.Now().Unix()) // want `caches time\.Now in fromParam, refreshed periodically`
		}
	}(t)
	tick := time.Tick(5 * time.Second)
	go func() {
		for range tick {
			fromParam.Store(time.Now().Unix()) // want `caches time\.Now in fromParam, refreshed every 5s`
		}
	}()
}

// A package-level variable of another type reached through a pointer.
type holder struct{ now time.Time }

var global = &holder{}

func StartGlobalPtr() {
	go func() {
		for range time.Tick(time.Second) {
			global.now = time.Now() // want `caches time\.Now in global\.now, refreshed every 1s`
		}
	}()
}

// Slices and arrays of readings.
var ring [4]int64
var slots = make([]int64, 4)

func StartRing() {
	go func() {
		i := 0
		for range time.Tick(time.Second) {
			ring[i%4] = time.Now().Unix()  // want `caches time\.Now in ring, refreshed every 1s`
			slots[i%4] = time.Now().Unix() // want `caches time\.Now in slots, refreshed every 1s`
			i++
		}
	}()
}
