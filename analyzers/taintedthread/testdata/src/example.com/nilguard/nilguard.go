// Package nilguard pins a known false positive: a restore kept in a local
// function variable, assigned only once the change is made and called
// under a nil check, whether in a deferred literal or inline. Both
// functions are correct (the thread is unlocked only after the restore
// succeeded, or where no change was made); the analyzer neither relates
// the nil check to the assignment nor sees the variable's literal as a
// restore (the handle it sets was taken outside the literal).
package nilguard

import (
	"runtime"

	"github.com/vishvananda/netns"
)

func work() error { return nil }

func deferred(target netns.NsHandle) error {
	runtime.LockOSThread()
	var moveBack func() error
	defer func() {
		if moveBack != nil {
			if err := moveBack(); err != nil {
				return // stays locked: the thread dies with the goroutine
			}
		}
		runtime.UnlockOSThread()
	}()
	orig, err := netns.Get()
	if err != nil {
		return err
	}
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 21 goes unchecked before the deferred unlock at line 37$`
		return err
	}
	moveBack = func() error { return netns.Set(orig) }
	return work()
}

func inline(target netns.NsHandle) error {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	var moveBack func() error
	if target != orig {
		if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock at line 61$`
			runtime.UnlockOSThread()
			return err
		}
		moveBack = func() error { return netns.Set(orig) }
	}
	err = work()
	if moveBack != nil {
		if err := moveBack(); err != nil { // want `^moveBack changes the network namespace \(via netns.Set → unix.Setns\), not restored before the unlock at line 61$`
			return err // stays locked
		}
	}
	runtime.UnlockOSThread()
	return err
}
