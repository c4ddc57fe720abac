// Package noerror uses a golang.org/x/sys/unix without SyscallNoError:
// RawSyscallNoError becomes Syscall with the error discarded, where that
// compiles.
package noerror

import "golang.org/x/sys/unix"

func Statement(fd int) {
	unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0)        // want `unix.RawSyscallNoError of SYS_READ can block .*; use unix.Syscall$`
	go unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0)     // want `use unix.Syscall$`
	defer unix.RawSyscallNoError(unix.SYS_CLOSE, uintptr(fd), 0, 0) // want `use unix.Syscall$`
}

func Define(fd int) uintptr {
	r, _ := unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `use unix.Syscall$`
	return r
}

func Assign(fd int) (r1, r2 uintptr) {
	r1, r2 = unix.RawSyscallNoError(unix.SYS_WRITE, uintptr(fd), 0, 0) // want `use unix.Syscall$`
	return
}

func Declare(fd int) uintptr {
	var r, _ = unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `use unix.Syscall$`
	return r
}

// No fix where a third result does not compile.
func NoFix(fd int) (uintptr, uintptr) {
	var r1, r2 uintptr = unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `use unix.Syscall$`
	_, _ = r1, r2
	return unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0) // want `use unix.Syscall$`
}
