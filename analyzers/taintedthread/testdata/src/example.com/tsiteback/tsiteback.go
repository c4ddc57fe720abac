// Package tsiteback checks restore-and-unlock helpers called directly
// after a change (not handed back as a teardown): one that drops its
// restore's error hands the thread back changed if the restore failed,
// so it is trusted only where its summary says the restore is checked
// (restores(K)), as a teardown is. The twins check the restore and skip
// the unlock on failure: correct.
package tsiteback

import (
	"runtime"

	"example.com/tsiteback/nsback"
	"github.com/vishvananda/netns"
)

func work() {}

func back(h netns.NsHandle) {
	netns.Set(h)
	runtime.UnlockOSThread()
}

func backChecked(h netns.NsHandle) {
	if err := netns.Set(h); err != nil {
		return // stays locked: the thread dies with the goroutine
	}
	runtime.UnlockOSThread()
}

func direct(orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 37 goes unchecked before it unlocks$`
		runtime.UnlockOSThread()
		return err
	}
	work()
	back(orig)
	return nil
}

func deferred(orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 47 goes unchecked before the deferred unlock at line 49$`
		runtime.UnlockOSThread()
		return err
	}
	defer back(orig)
	work()
	return nil
}

func imported(orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 59 goes unchecked before it unlocks$`
		runtime.UnlockOSThread()
		return err
	}
	work()
	nsback.Back(orig)
	return nil
}

// Correct: the twins.
func directChecked(orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	work()
	backChecked(orig)
	return nil
}

func deferredChecked(orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer backChecked(orig)
	work()
	return nil
}

func importedChecked(orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	work()
	return nsback.BackChecked(orig)
}
