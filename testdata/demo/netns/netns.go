//go:build linux

// Package netns enters network namespaces on a locked OS thread, the way
// container runtimes and CNI plugins do.
package netns

import (
	"net"
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

// Dial connects to addr from inside ns and switches back to orig. The
// switch, the dial and the switch back must run on one thread, and
// nothing here holds it: reported (a section owner).
func Dial(ns, orig Handle, addr string) (net.Conn, error) {
	if err := Set(ns); err != nil {
		return nil, err
	}
	defer Set(orig)
	return net.Dial("tcp", addr)
}

// DialIn is Dial done right: it holds its own thread for the whole
// section (locks nest, so this is safe under a caller's lock too) and
// keeps it locked if the switch back fails, so that no other goroutine
// runs in ns.
func DialIn(ns, orig Handle, addr string) (net.Conn, error) {
	runtime.LockOSThread()
	if err := Set(ns); err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	c, err := net.Dial("tcp", addr)
	if err := Set(orig); err != nil {
		return nil, err // still in ns: the thread stays locked, never reused
	}
	runtime.UnlockOSThread()
	return c, err
}
