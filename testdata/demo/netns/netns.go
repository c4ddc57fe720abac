// Package netns enters network namespaces on a locked OS thread, the way
// container runtimes and CNI plugins do.
package netns

import (
	"errors"
	"runtime"
)

// Handle is an open namespace file descriptor.
type Handle int

func setns(h Handle) error {
	if h < 0 {
		return errors.New("setns: bad handle")
	}
	return nil
}

// Enter locks the calling goroutine to its thread and switches the thread
// into ns. On success the caller owns the lock and must call Exit; on
// failure nothing is held.
func Enter(ns Handle) error {
	runtime.LockOSThread()
	if err := setns(ns); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	return nil
}

// Exit switches back to orig and unlocks the thread, but only if the switch
// worked: a thread left in the wrong namespace must never run anything else.
func Exit(orig Handle) error {
	if err := setns(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}
