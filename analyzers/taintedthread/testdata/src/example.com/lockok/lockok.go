// Package lockok is checked with lockosthread: returning locked because a
// restore failed is deliberate and not a lock leak.
package lockok

import (
	"runtime"

	"github.com/vishvananda/netns"
)

func work() error { return nil }

func restoreThenUnlock(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runErr := work()
	if err := netns.Set(orig); err != nil {
		return err // tainted: stays locked on purpose
	}
	runtime.UnlockOSThread()
	return runErr
}

// Still a leak: nothing was changed on this path.
func plainLeak(target netns.NsHandle, b bool) error {
	runtime.LockOSThread() // want `^runtime.LockOSThread is not undone on the return at line 31$`
	if b {
		return nil
	}
	runtime.UnlockOSThread()
	return nil
}

// Still a leak: the early return skips the restore; the caller goes on
// locked and inside the namespace.
func skippedRestore(target, orig netns.NsHandle) error {
	if err := enter(target); err != nil { // want `^the lock taken by enter is not undone on the return at line 44$`
		return err
	}
	if err := work(); err != nil {
		return err
	}
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

func enter(target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	return nil
}

func grab() int {
	runtime.LockOSThread()
	return 1
}

func g1() error {
	grab()
	defer runtime.UnlockOSThread()
	return work()
}

func g2() error {
	grab()
	defer runtime.UnlockOSThread()
	return work()
}

// Keeping grab's lock where a restore failed is deliberate, and does not
// count among the calls that keep it, which makes keepsGrab deviate.
func restoreFails(target, orig netns.NsHandle) error {
	grab()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	work()
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

func keepsGrab() int {
	return grab() // want `^keepsGrab returns with the lock grab takes held, while 2 of the 3 calls of grab release it`
}
