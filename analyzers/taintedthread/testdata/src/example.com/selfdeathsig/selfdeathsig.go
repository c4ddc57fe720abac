// Package selfdeathsig sets the process's own parent-death signal on a
// locked thread and unlocks (reduced from rootlesskit's child.Child): the
// kernel signals the whole thread group when the parent dies, so the
// goroutines later run on the thread see nothing different. Not a taint.
package selfdeathsig

import (
	"runtime"

	"golang.org/x/sys/unix"
)

func run() error { return nil }

// Correct: the parent-death signal leaves nothing for other goroutines.
func childMain() error {
	runtime.LockOSThread()
	err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0, 0, 0)
	runtime.UnlockOSThread()
	if err != nil {
		return err
	}
	return run()
}

// The same shape with a namespace change is a taint.
func childUnshare() error {
	runtime.LockOSThread()
	err := unix.Unshare(unix.CLONE_NEWNS) // want `^unix.Unshare changes the mount namespace, not restored before the unlock at line 30$`
	runtime.UnlockOSThread()
	if err != nil {
		return err
	}
	return run()
}
