package fix

import (
	"runtime"
	rt "runtime"
)

func work() error { return nil }

func plain(skip bool) error {
	if skip {
		return nil
	}
	runtime.LockOSThread() // want `is not undone`
	return work()
}

func aliased(b bool) {
	if b {
		return
	}
	rt.LockOSThread() // want `is not undone`
	work()
}

// No fix: the function already unlocks on some path; where to unlock is
// the author's call.
func partial(b bool) {
	runtime.LockOSThread() // want `is not undone`
	if b {
		return
	}
	runtime.UnlockOSThread()
}

// No fix: a deferred unlock inside a loop would itself be a bug.
func inLoop(items []int) {
	for _, it := range items {
		if it == 0 {
			continue
		}
		if it > 1 {
			return
		}
		runtime.LockOSThread() // want `in a loop is not undone within the iteration`
	}
}
