// Package noerror uses a golang.org/x/sys/unix without SyscallNoError:
// RawSyscallNoError becomes Syscall with the error discarded, where that
// compiles.
package noerror

import "golang.org/x/sys/unix"

func Statement(fd int) {
	unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0)        // want `unix.RawSyscallNoError of SYS_READ can block$`
	go unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0)     // want `can block$`
	defer unix.RawSyscallNoError(unix.SYS_CLOSE, uintptr(fd), 0, 0) // want `can block$`
}

func Define(fd int) uintptr {
	r, _ := unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `can block$`
	return r
}

func Assign(fd int) (r1, r2 uintptr) {
	r1, r2 = unix.RawSyscallNoError(unix.SYS_WRITE, uintptr(fd), 0, 0) // want `can block$`
	return
}

func Declare(fd int) uintptr {
	var r, _ = unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `can block$`
	return r
}

// No fix where a third result does not compile.
func NoFix(fd int) (uintptr, uintptr) {
	var r1, r2 uintptr = unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `can block$`
	_, _ = r1, r2
	return unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `can block$`
}
