//go:build linux

// Package netns enters network namespaces on a locked OS thread, the way
// container runtimes and CNI plugins do.
package netns

import (
	"runtime"
	"syscall"
)

// Handle is an open namespace file descriptor.
type Handle int

// Set switches the calling thread into ns. The caller must hold the
// thread with runtime.LockOSThread.
func Set(ns Handle) error {
	if _, _, errno := syscall.RawSyscall(SYS_SETNS, uintptr(ns), syscall.CLONE_NEWNET, 0); errno != 0 {
		return errno
	}
	return nil
}

// Enter locks the calling goroutine to its thread and switches the thread
// into ns. On success the caller owns the lock and must call Exit; on
// failure nothing is held.
func Enter(ns Handle) error {
	runtime.LockOSThread()
	if err := Set(ns); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	return nil
}

// Exit switches back to orig and unlocks the thread, but only if the switch
// worked: a thread left in the wrong namespace must never run anything else.
func Exit(orig Handle) error {
	if err := Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}
