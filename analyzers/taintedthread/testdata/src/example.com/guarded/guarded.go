// Package guarded checks deferred unlocks guarded by a flag that a failed
// restore clears, so that the thread stays locked (and dies with its
// goroutine) instead of going back to the scheduler still changed.
package guarded

import (
	"log"
	"runtime"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() error { return nil }

// Correct: the deferred restore clears the flag when it fails, and it
// runs before the guarded unlock (defers run last-in first-out).
func deferredRestore(target netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	orig, err := netns.Get()
	if err != nil {
		return err
	}
	if err := netns.Set(target); err != nil {
		return err
	}
	defer func() {
		if err := netns.Set(orig); err != nil {
			unlock = false
		}
	}()
	return fn()
}

// The deferred restore's failure only logs: the guarded unlock still runs.
func deferredRestoreLogs(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 53 goes unchecked before the deferred unlock at line 58$`
		return err
	}
	defer func() {
		if err := netns.Set(orig); err != nil {
			log.Print(err)
		}
	}()
	return fn()
}

// The restore's error is dropped: nothing clears the flag.
func deferredRestoreDropped(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil { // want `and the restore at line 73 goes unchecked before the deferred unlock at line 74$`
		return err
	}
	defer netns.Set(orig)
	return fn()
}

// Correct: the flag is cleared in the body where the restore fails.
func bodyRestore(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil {
		return err
	}
	runErr := fn()
	if err := netns.Set(orig); err != nil {
		unlock = false
		return err
	}
	return runErr
}

// The body's restore fails without clearing the flag.
func bodyRestoreLogs(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the deferred unlock at line 113$`
		return err
	}
	runErr := fn()
	if err := netns.Set(orig); err != nil {
		log.Print(err)
	}
	return runErr
}

// Correct: a flag that says "keep", declared with its zero value and set
// where the restore fails, tested the other way round.
func keepFlag(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	var keep bool
	defer func() {
		if !keep {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil {
		return err
	}
	defer func() {
		err := netns.Set(orig)
		if err != nil {
			keep = true
		}
	}()
	return fn()
}

// The flag is set back by a deferred closure that runs before the guarded
// unlock: a flag written by a function literal the analysis does not
// follow guards nothing.
func flagReset(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	reset := func() { unlock = true }
	defer reset()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the deferred unlock at line 157$`
		return err
	}
	runErr := fn()
	if err := netns.Set(orig); err != nil {
		unlock = false
		return err
	}
	return runErr
}

func set(p *bool, v bool) { *p = v }

// The same through a pointer to the flag.
func flagByPointer(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	defer set(&unlock, true)
	if err := netns.Set(target); err != nil { // want `not restored before the deferred unlock at line 180$`
		return err
	}
	runErr := fn()
	if err := netns.Set(orig); err != nil {
		unlock = false
		return err
	}
	return runErr
}

// The failed restore sets the flag to the value that lets the unlock run.
func flagSetWrongWay(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil { // want `not restored before the deferred unlock at line 202$`
		return err
	}
	defer func() {
		if err := netns.Set(orig); err != nil {
			unlock = true
		}
	}()
	return fn()
}

// The flag is declared with its zero value and never set: the unlock runs
// after a failed restore.
func keepFlagNeverSet(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	var keep bool
	defer func() {
		if !keep {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil { // want `not restored before the deferred unlock at line 222$`
		return err
	}
	runErr := fn()
	if err := netns.Set(orig); err != nil {
		log.Print(err)
	}
	return runErr
}

// Only one of the two restores clears the flag when it fails.
func oneRestoreChecked(target, orig netns.NsHandle, mnt, origMnt int, fn func() error) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	if err := netns.Set(target); err != nil { // want `and the restore at line 238 goes unchecked`
		return err
	}
	unix.Setns(mnt, unix.CLONE_NEWNS)
	defer func() {
		if err := netns.Set(orig); err != nil {
			unlock = false
		}
		unix.Setns(origMnt, unix.CLONE_NEWNS)
	}()
	return fn()
}

// The flag guards a log line, not the unlock, which always runs.
func flagGuardsOther(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	restored := true
	defer func() {
		if restored {
			log.Print("restored")
		}
		runtime.UnlockOSThread()
	}()
	if err := netns.Set(target); err != nil { // want `not restored before the deferred unlock at line 263$`
		return err
	}
	runErr := fn()
	if err := netns.Set(orig); err != nil {
		restored = false
		return err
	}
	return runErr
}
