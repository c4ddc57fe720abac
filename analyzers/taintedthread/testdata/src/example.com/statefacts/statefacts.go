// Package statefacts checks the per-thread state facts of the threadlock
// pass: what callers see of each helper.
package statefacts

import (
	"runtime"

	"github.com/opencontainers/selinux/go-selinux"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// A wrapper leaves the namespace changed and needs its caller's lock.
func Switch(ns netns.NsHandle) error { // want Switch:`changes\(netns\) needsLock\(netns\)`
	return netns.Set(ns)
}

// Enter locks and switches: a lock helper that hands both to its caller.
func Enter(ns netns.NsHandle) error { // want Enter:`returnsLockedIfNilError changes\(netns\)`
	runtime.LockOSThread()
	if err := netns.Set(ns); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	return nil
}

// Exit restores and unlocks, keeping the lock if the restore fails.
func Exit(orig netns.NsHandle) error { // want Exit:`unlocks restores\(netns\) changes\(netns\) needsLock\(netns\)`
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// Balanced under its own lock: callers see no change, only that it runs
// f locked and puts the network namespace back before unlocking.
func Do(ns, orig netns.NsHandle, f func()) error { // want Do:`^runsLocked\(2:netns\)$`
	runtime.LockOSThread()
	if err := netns.Set(ns); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	f()
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// Label wrappers found by their code, not their names.
func SetLabel(l string) error { // want SetLabel:`changes\(selinux\) needsLock\(selinux\)`
	return selinux.SetExecLabel(l)
}

// Returns this thread's ID: its callers may use it only on this thread.
func Tid() int { // want Tid:`threadID`
	return unix.Gettid()
}

// Not per-thread since Go 1.16: no fact.
func Setreuid(uid int) error {
	return unix.Setreuid(uid, uid)
}

// Restores on success, leaves the credentials changed (for the caller to
// discard the thread) on failure (reduced from containerd's
// startProcessWithUsernsLocked). Its caller holds the thread locked (it
// owns a section, but says the caller locks it, so keeps the obligation).
func AsUser(uid uintptr, run func() error) error { // want AsUser:`changesOnError\(creds\) needsLock\(creds\)`
	if _, _, errno := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), uid, ^uintptr(0)); errno != 0 {
		return errno
	}
	if err := run(); err != nil {
		return err
	}
	if _, _, errno := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 0, ^uintptr(0)); errno != 0 {
		return errno
	}
	return nil
}

// A lock helper that enters a namespace and hands back a teardown that
// unlocks there: the teardown's taint is reported at the helper.
func SetUp(ns netns.NsHandle) func() { // want SetUp:`^returnsLocked handsUnlock handsTaint\(netns\) changes\(netns\)`
	runtime.LockOSThread()
	netns.Set(ns)
	return runtime.UnlockOSThread
}

// Its teardown restores, then unlocks: callers see the restore.
func SetUpRestoring(ns, orig netns.NsHandle) func() { // want SetUpRestoring:`^returnsLocked handsUnlock handsRestore\(netns\) changes\(netns\)`
	runtime.LockOSThread()
	netns.Set(ns)
	return func() {
		if netns.Set(orig) == nil {
			runtime.UnlockOSThread()
		}
	}
}
