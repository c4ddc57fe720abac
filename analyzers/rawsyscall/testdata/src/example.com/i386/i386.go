// Package i386 is checked with GOOS=linux GOARCH=386, whose numbering the
// analyzer does not know: SYS_ constants are recognised by name, literal
// numbers are not reported.
package i386

import "syscall"

func Calls(fd int) {
	syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), 0, 0)                   // want `syscall.RawSyscall of SYS_READ can block`
	syscall.RawSyscall(syscall.SYS_DUP2, uintptr(fd), 1, 0)                   // want `of SYS_DUP2 can block`
	syscall.RawSyscall(syscall.SYS_FCNTL64, uintptr(fd), syscall.F_SETLKW, 0) // want `of SYS_FCNTL64 can block`
	syscall.RawSyscall(syscall.SYS_FCNTL64, uintptr(fd), syscall.F_SETFL, 0)
	syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	syscall.RawSyscall(3, uintptr(fd), 0, 0) // read on 386: unknown numbering
}
