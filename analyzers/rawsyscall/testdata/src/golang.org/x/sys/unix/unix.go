// Package unix is a stub of golang.org/x/sys/unix with the linux/amd64
// values of the constants the tests use.
package unix

import "syscall"

type Errno = syscall.Errno

const (
	SYS_READ           = 0
	SYS_WRITE          = 1
	SYS_CLOSE          = 3
	SYS_POLL           = 7
	SYS_DUP2           = 33
	SYS_GETPID         = 39
	SYS_FORK           = 57
	SYS_WAIT4          = 61
	SYS_FCNTL          = 72
	SYS_GETTID         = 186
	SYS_FUTEX          = 202
	SYS_CLOCK_GETTIME  = 228
	SYS_EPOLL_WAIT     = 232
	SYS_IO_URING_ENTER = 426
	SYS_EPOLL_PWAIT2   = 441

	F_SETFL      = 0x4
	F_SETLK      = 0x6
	F_SETLKW     = 0x7
	F_OFD_SETLKW = 0x26
	WNOHANG      = 0x1
)

func Syscall(trap, a1, a2, a3 uintptr) (r1, r2 uintptr, err syscall.Errno)              { return }
func Syscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno) { return }
func RawSyscall(trap, a1, a2, a3 uintptr) (r1, r2 uintptr, err syscall.Errno)           { return }
func RawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno) {
	return
}
func SyscallNoError(trap, a1, a2, a3 uintptr) (r1, r2 uintptr)    { return }
func RawSyscallNoError(trap, a1, a2, a3 uintptr) (r1, r2 uintptr) { return }
