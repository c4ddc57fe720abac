// Package b10keyed reproduces goroutines whose blocking work runs under a
// per-key lock (moby/locker) taken on the same key by every goroutine of
// the loop (docker's aufs benchmark: d.Get(id) per iteration, for one id):
// one goroutine at a time holds a thread. Each silent case has a twin that
// must still be reported.
package b10keyed

import (
	"os"
	"sync"

	"github.com/moby/locker"
)

type Driver struct{ locker *locker.Locker }

func (d *Driver) Get(id string) error {
	d.locker.Lock(id) // one Get per id at a time
	defer d.locker.Unlock(id)
	f, err := os.Open("/var/lib/layers/" + id)
	if err != nil {
		return err
	}
	return f.Close()
}

func (d *Driver) Put(id string) error {
	d.locker.Lock(id)
	defer d.locker.Unlock(id)
	return os.Remove("/var/lib/layers/" + id)
}

func hammer(d *Driver, id string, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); d.Get(id) }()
	}
	wg.Wait()
}

// The aufs benchmark's shape: per id, a goroutine that hammers its id
// (the outer goroutine's own blocking work is reported by itself).
func bench(d *Driver, ids []string, n int) {
	var outer sync.WaitGroup
	for _, id := range ids {
		outer.Add(1)
		go func(id string) { // want `goroutine per item`
			defer outer.Done()
			os.MkdirAll("/var/lib/layers/"+id, 0o755)
			var inner sync.WaitGroup
			for i := 0; i < n; i++ {
				inner.Add(1)
				go func() {
					d.Get(id)
					d.Put(id)
					inner.Done()
				}()
			}
			inner.Wait()
		}(id)
	}
	outer.Wait()
}

// The same key through a helper of this package.
func getTwice(d *Driver, key string) {
	d.Get(key)
	d.Get(key)
}

func viaHelper(d *Driver, id string, n int) {
	for range n {
		go getTwice(d, id)
	}
}

// The lock is the same for every goroutine too: one receiver, declared
// outside the loop (also outside a literal around it) or at package
// level, or one passed down as the argument that owns the lock.

var shared = &Driver{locker: locker.New()}

func sharedDriver(id string, n int) {
	for range n {
		go shared.Get(id)
	}
}

func inLiteral(d *Driver, id string, n int) {
	run := func() {
		for range n {
			go d.Get(id)
		}
	}
	run()
}

// The goroutine takes the lock itself.

var locks = locker.New()

func lockedHere(id string, n int) {
	for range n {
		go func() {
			locks.Lock(id)
			defer locks.Unlock(id)
			os.Remove("/var/lib/layers/" + id)
		}()
	}
}

func unlockedHere(id string, n int) {
	for range n {
		go func() { // want `goroutine per iteration`
			locks.Lock(id)
			locks.Unlock(id)
			os.Remove("/var/lib/layers/" + id)
		}()
	}
}

// The same fan-outs where the lock differs per goroutine: each driver
// has its own locker.

func perDriver(ds []*Driver, id string) {
	for _, d := range ds {
		go d.Get(id) // want `goroutine per item`
	}
}

func perDriverLiteral(ds []*Driver, id string) {
	for _, d := range ds {
		go func() { d.Get(id) }() // want `goroutine per item`
	}
}

func perDriverArg(ds []*Driver, id string) {
	for _, d := range ds {
		go getTwice(d, id) // want `goroutine per item`
	}
}

func perDriverReassigned(d *Driver, id string, n int) {
	for range n {
		go d.Get(id) // want `goroutine per iteration`
		d = &Driver{locker: locker.New()}
	}
}

func lockedPerItem(ids []string) {
	for _, id := range ids {
		go func() { // want `goroutine per item`
			locks.Lock(id)
			defer locks.Unlock(id)
			os.Remove("/var/lib/layers/" + id)
		}()
	}
}

// The same fan-outs where the key differs per goroutine, or some blocking
// work runs outside the lock.

func perItem(d *Driver, ids []string) {
	for _, id := range ids {
		go d.Get(id) // want `goroutine per item`
	}
}

func perIteration(d *Driver, n int) {
	for i := range n {
		go func() { d.Get(string(rune(i))) }() // want `goroutine per iteration`
	}
}

func keyChanges(d *Driver, id string, n int) {
	for range n {
		go func() { d.Get(id) }() // want `goroutine per iteration`
		id += "x"
	}
}

func twoKeys(d *Driver, a, b string, n int) {
	for range n {
		go func() { d.Get(a); d.Put(b) }() // want `goroutine per iteration`
	}
}

func alsoUnlocked(d *Driver, id string, n int) {
	for range n {
		go func() { d.Get(id); os.ReadFile(id) }() // want `goroutine per iteration`
	}
}

func (d *Driver) lockedOther(id, other string) error {
	d.locker.Lock(id)
	defer d.locker.Unlock(id)
	return os.Remove(other)
}

func otherArg(d *Driver, files []string, n int) {
	for i := range n {
		go d.lockedOther("same", files[i]) // a constant key: one at a time
	}
}

func keyNotParam(d *Driver, n int) {
	id := "x"
	id = os.Getenv("ID")
	for range n {
		go func() { d.Get(id) }() // want `goroutine per iteration`
	}
}

// One key per item of the outer loop: the inner goroutines are not waited
// for, so every item's key is held at once.
func nested(d *Driver, ids []string, n int) {
	for _, id := range ids {
		for range n {
			go d.Get(id) // want `goroutine per iteration`
		}
	}
}
