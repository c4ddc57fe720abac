// Package callbacks passes callbacks to runners: functions that call them
// with the goroutine locked, then unlock. Code in such a callback runs
// locked.
package callbacks

import (
	"runtime"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() {}

// inNS runs fn in target, restores and unlocks only if that worked.
func inNS(target, orig netns.NsHandle, fn func()) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	fn()
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// Correct: the callback switches namespace before a lock of its own,
// but its runner already holds one.
func literal(target, orig, other netns.NsHandle) error {
	return inNS(target, orig, func() {
		netns.Set(other)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		work()
	})
}

// apply calls fn with no lock: not a runner.
func apply(fn func()) { fn() }

// The same callback passed to a function that does not lock: reported,
// as before.
func notRunner(other netns.NsHandle) {
	apply(func() {
		netns.Set(other) // want `netns.Set changes this thread's network namespace \(via unix.Setns\) while the goroutine is not locked`
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		work()
	})
}

// Correct: a named callback that changes state before its own lock,
// passed to a runner.
func unshareFirst() {
	unix.Unshare(unix.CLONE_NEWNET)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	work()
}

func named(target, orig netns.NsHandle) error {
	return inNS(target, orig, unshareFirst)
}

// A named callback also started as a goroutine runs unlocked there:
// reported.
func unshareFirstToo() {
	unix.Unshare(unix.CLONE_NEWNET) // want `unix.Unshare changes this thread's network namespace while the goroutine is not locked`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	work()
}

func namedAndStarted(target, orig netns.NsHandle) error {
	go unshareFirstToo()
	return inNS(target, orig, unshareFirstToo)
}
