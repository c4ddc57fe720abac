//go:build linux

// Package rawio reads a child process's output pipe with direct system
// calls, the way sandboxes and process supervisors do.
package rawio

import (
	"syscall"
	"unsafe"
)

// ReadRaw has a bug: RawSyscall skips entersyscall, so while the read
// waits for the child to write, the goroutine's P cannot be handed to
// another thread and every goroutine queued on that P stalls. With
// GOMAXPROCS=1, or when the goroutine that feeds the child is queued on
// the same P, the program deadlocks.
func ReadRaw(fd int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, _, errno := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// Read is the correct twin: syscall.Syscall tells the scheduler the
// goroutine is in the kernel, so the runtime hands its P to another thread
// while the read waits.
func Read(fd int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// ThreadID makes a raw call that returns at once, which is what
// RawSyscall is for: not reported.
func ThreadID() int {
	tid, _, _ := syscall.RawSyscall(syscall.SYS_GETTID, 0, 0, 0)
	return int(tid)
}
