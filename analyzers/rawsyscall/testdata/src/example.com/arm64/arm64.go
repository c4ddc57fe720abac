// Package arm64 is checked with GOOS=linux GOARCH=arm64, which has no
// SYS_OPEN, SYS_DUP2 or SYS_POLL, against the real syscall package (the
// x/sys stub has linux/amd64 values).
package arm64

import "syscall"

func Named(fd int) {
	syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), 0, 0)  // want `syscall.RawSyscall of SYS_READ can block`
	syscall.RawSyscall(syscall.SYS_OPENAT, 0, 0, 0)          // want `of SYS_OPENAT can block`
	syscall.RawSyscall(syscall.SYS_DUP3, uintptr(fd), 1, 0)  // want `of SYS_DUP3 can block`
	syscall.RawSyscall6(syscall.SYS_PPOLL, 0, 1, 0, 0, 8, 0) // want `of SYS_PPOLL can block`
	syscall.RawSyscall6(syscall.SYS_EPOLL_PWAIT, 3, 0, 1, 0, 0, 8)
	syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	syscall.RawSyscall(syscall.SYS_GETTID, 0, 0, 0)
	syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETLKW, 0) // want `of SYS_FCNTL can block`
	syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETFL, 0)
}

// Literal numbers are looked up in the linux/arm64 numbering, which the
// analyzer recognises from the type-checked syscall package.
func Numbers(fd, pid int) {
	syscall.RawSyscall(63, uintptr(fd), 0, 0)             // want `syscall.RawSyscall of syscall number 63 \(read in the linux/arm64 numbering\) can block`
	syscall.RawSyscall(24, uintptr(fd), 1, 0)             // want `syscall number 24 \(dup3 in the linux/arm64 numbering\)`
	syscall.RawSyscall6(260, uintptr(pid), 0, 0, 0, 0, 0) // want `syscall number 260 \(wait4 in the linux/arm64 numbering\)`
	syscall.RawSyscall6(260, uintptr(pid), 0, syscall.WNOHANG, 0, 0, 0)
	syscall.RawSyscall(25, uintptr(fd), 38, 0) // want `syscall number 25 \(fcntl in the linux/arm64 numbering\)`
	syscall.RawSyscall(0, 0, 0, 0)             // io_setup (read on amd64)
	syscall.RawSyscall(172, 0, 0, 0)           // getpid
	syscall.RawSyscall(178, 0, 0, 0)           // gettid
}
