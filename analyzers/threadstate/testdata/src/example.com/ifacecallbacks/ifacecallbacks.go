// Package ifacecallbacks passes callbacks to a runner through an
// interface of another package with one implementation there: code in
// the callback runs locked.
package ifacecallbacks

import (
	"runtime"

	"example.com/nsiface"
	"github.com/vishvananda/netns"
)

func work() {}

// Correct: the callback switches namespace before a lock of its own,
// but the runner behind nsiface.NetNS already holds one.
func literal(ns nsiface.NetNS, other netns.NsHandle) error {
	return ns.Do(func(nsiface.NetNS) error {
		netns.Set(other)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		work()
		return nil
	})
}

// The same callback through an interface with two implementations, one
// of which does not lock: reported.
func twoImpls(r nsiface.Runner, other netns.NsHandle) {
	r.Run(func() {
		netns.Set(other) // want `netns.Set changes this thread's network namespace \(via unix.Setns\) while the goroutine is not locked`
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		work()
	})
}
