//go:build linux

package worker

import (
	"runtime"

	"github.com/syscallvet/syscallvet/testdata/demo/netns"
)

// WatchLinks watches links inside ns from a dedicated goroutine. Bug: the
// deferred unlock hands the thread back to the scheduler still inside ns,
// and unrelated goroutines later run in the wrong network namespace.
func WatchLinks(ns netns.Handle, watch func()) {
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := netns.Set(ns); err != nil {
			return
		}
		watch()
	}()
}

// WatchLinksFixed is the correct twin: the goroutine exits locked, so the
// runtime destroys the thread instead of reusing it.
func WatchLinksFixed(ns netns.Handle, watch func()) {
	go func() {
		runtime.LockOSThread()
		if err := netns.Set(ns); err != nil {
			return
		}
		watch()
	}()
}

// Probe switches namespace from a goroutine that is not locked to its
// thread: the switch lands on whatever thread runs it at that moment.
func Probe(ns netns.Handle, probe func()) {
	go func() {
		_ = netns.Set(ns)
		probe()
	}()
}

// ProbeFixed is the correct twin: locked first, and never unlocked.
func ProbeFixed(ns netns.Handle, probe func()) {
	go func() {
		runtime.LockOSThread()
		_ = netns.Set(ns)
		probe()
	}()
}
