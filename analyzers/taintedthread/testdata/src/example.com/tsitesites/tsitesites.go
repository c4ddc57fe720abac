// Package tsitesites checks which change a report names when a path makes
// several: the one still changed at the unlock, or whose restore goes
// unchecked, not the first change of the path. Each case has a correct
// twin that restores everything.
package tsitesites

import (
	"runtime"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// The mount namespace is put back; the network namespace, entered later,
// is not.
func secondLeft(mnt, orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := unix.Setns(int(mnt), unix.CLONE_NEWNS); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := unix.Setns(int(orig), unix.CLONE_NEWNS); err != nil {
		return err // stays locked: the thread dies with the goroutine
	}
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock at line 29$`
		runtime.UnlockOSThread()
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// The mount namespace is put back and checked; the network namespace's
// restore drops its error.
func secondUnchecked(mnt, orig, target, home netns.NsHandle) error {
	runtime.LockOSThread()
	if err := unix.Setns(int(mnt), unix.CLONE_NEWNS); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := unix.Setns(int(orig), unix.CLONE_NEWNS); err != nil {
		return err // stays locked: the thread dies with the goroutine
	}
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 48 goes unchecked before the unlock at line 49$`
		runtime.UnlockOSThread()
		return err
	}
	netns.Set(home)
	runtime.UnlockOSThread()
	return nil
}

// Two sections: the first is put back before its unlock, the second,
// after the lock is taken again, is not.
func relocked(mnt, orig, target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := unix.Setns(int(mnt), unix.CLONE_NEWNS); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := unix.Setns(int(orig), unix.CLONE_NEWNS); err != nil {
		return err
	}
	runtime.UnlockOSThread()

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return unix.Setns(int(target), unix.CLONE_NEWNET) // want `^unix.Setns changes the network namespace, not restored before the deferred unlock at line 68$`
}

// Correct: both changes are put back, each restore checked.
func bothRestored(mnt, orig, target, home netns.NsHandle) error {
	runtime.LockOSThread()
	if err := unix.Setns(int(mnt), unix.CLONE_NEWNS); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := unix.Setns(int(orig), unix.CLONE_NEWNS); err != nil {
		return err
	}
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := netns.Set(home); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// Correct: two sections, each put back before its unlock.
func relockedRestored(mnt, orig, target, home netns.NsHandle) error {
	runtime.LockOSThread()
	if err := unix.Setns(int(mnt), unix.CLONE_NEWNS); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := unix.Setns(int(orig), unix.CLONE_NEWNS); err != nil {
		return err
	}
	runtime.UnlockOSThread()

	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := netns.Set(home); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}
