// Package pinned checks a lock helper that hands back the function undoing
// its lock, called as "defer pin()()": pin runs at the defer statement,
// the unlock it returns at return, after the defers registered later.
package pinned

import (
	"runtime"

	"github.com/vishvananda/netns"
)

func work() error { return nil }

// pin locks the thread and returns the function that unlocks it.
func pin() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}

// The deferred unlock runs last, after a deferred restore whose error
// nobody checks.
func deferred(target, orig netns.NsHandle) error {
	defer pin()()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 27 goes unchecked before the deferred unlock at line 28$`
		return err
	}
	defer netns.Set(orig)
	return work()
}

// The same with the unlock kept in a variable.
func kept(target, orig netns.NsHandle) error {
	unpin := pin()
	defer unpin()
	if err := netns.Set(target); err != nil { // want `and the restore at line 38 goes unchecked before the deferred unlock at line 39$`
		return err
	}
	defer netns.Set(orig)
	return work()
}

// Correct: the restore is checked, and the unlock runs only if it worked.
func checked(target, orig netns.NsHandle) error {
	unpin := pin()
	if err := netns.Set(target); err != nil {
		unpin()
		return err
	}
	runErr := work()
	if err := netns.Set(orig); err != nil {
		return err // stays locked: the thread dies with the goroutine
	}
	unpin()
	return runErr
}

// Correct: pinned for work that changes nothing per-thread.
func plain() error {
	defer pin()()
	return work()
}
