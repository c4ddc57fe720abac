// Package a is checked with GOOS=linux GOARCH=amd64.
package a

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

func reads(fd int, p []byte) {
	syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p))) // want `^syscall.RawSyscall of SYS_READ can block$`
	unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), 0, 0)                                                 // want `unix.RawSyscall of SYS_WRITE can block$`
	syscall.RawSyscall6(syscall.SYS_PREAD64, uintptr(fd), 0, 0, 0, 0, 0)                               // want `syscall.RawSyscall6 of SYS_PREAD64 can block$`
	unix.RawSyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0)                                           // want `unix.RawSyscallNoError of SYS_READ can block$`
	syscall.RawSyscall(uintptr(syscall.SYS_CLOSE), uintptr(fd), 0, 0)                                  // want `of SYS_CLOSE can block$`
	syscall.RawSyscall(syscall.SYS_DUP2, uintptr(fd), 1, 0)                                            // want `of SYS_DUP2 can block$`
	syscall.RawSyscall(syscall.SYS_DUP3, uintptr(fd), 1, 0)                                            // want `of SYS_DUP3 can block`
	syscall.RawSyscall(syscall.SYS_OPENAT, 0, 0, 0)                                                    // want `of SYS_OPENAT can block$`
	syscall.RawSyscall(syscall.SYS_ACCEPT4, uintptr(fd), 0, 0)                                         // want `of SYS_ACCEPT4 can block$`
	syscall.RawSyscall6(syscall.SYS_FUTEX, 0, 0, 0, 0, 0, 0)                                           // want `of SYS_FUTEX can block$`
	syscall.RawSyscall(syscall.SYS_NANOSLEEP, 0, 0, 0)                                                 // want `of SYS_NANOSLEEP can block$`
	syscall.RawSyscall(syscall.SYS_FSYNC, uintptr(fd), 0, 0)                                           // want `of SYS_FSYNC can block$`
	syscall.RawSyscall6(syscall.SYS_MSGRCV, 0, 0, 0, 0, 0, 0)                                          // want `of SYS_MSGRCV can block`
	syscall.RawSyscall6(syscall.SYS_IO_GETEVENTS, 0, 0, 0, 0, 0, 0)                                    // want `of SYS_IO_GETEVENTS can block$`
	(syscall.RawSyscall)(syscall.SYS_READ, 0, 0, 0)                                                    // want `of SYS_READ can block`
}

// Literal numbers are looked up in the target's numbering.
func numbers(fd int) {
	syscall.RawSyscall(0, uintptr(fd), 0, 0) // want `syscall.RawSyscall of syscall number 0 \(read in the linux/amd64 numbering\) can block`
	unix.RawSyscall(33, uintptr(fd), 1, 0)   // want `unix.RawSyscall of syscall number 33 \(dup2 in the linux/amd64 numbering\) can block`
	const sysIOUringEnter = 426
	syscall.RawSyscall6(sysIOUringEnter, uintptr(fd), 1, 1, 1, 0, 0) // want `syscall number 426 \(io_uring_enter in the linux/amd64 numbering\)`
	syscall.RawSyscall(63, 0, 0, 0)                                  // uname on amd64 (read on arm64)
	syscall.RawSyscall(1000, 0, 0, 0)                                // unknown number
}

// Constants of one's own spelled SYS_<NAME> are recognised by name, on any
// target.
const (
	SYS_IO_URING_ENTER = 426
	SYS_READ_NOCANCEL  = 396 // darwin
	SYS_GETPID_ALIAS   = 0   // a name the table does not know: not looked up by number
)

func ownNames(fd int) {
	syscall.RawSyscall6(SYS_IO_URING_ENTER, uintptr(fd), 1, 1, 1, 0, 0) // want `of SYS_IO_URING_ENTER can block`
	syscall.RawSyscall(SYS_READ_NOCANCEL, uintptr(fd), 0, 0)            // want `of SYS_READ_NOCANCEL can block`
	syscall.RawSyscall(SYS_GETPID_ALIAS, 0, 0, 0)
}

// Calls that return at once, and numbers that are not constants.
func nonBlocking(nr uintptr, fd int) {
	syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	syscall.RawSyscall(syscall.SYS_GETTID, 0, 0, 0)
	syscall.RawSyscall(syscall.SYS_GETUID, 0, 0, 0)
	unix.RawSyscall(unix.SYS_CLOCK_GETTIME, 0, 0, 0)
	unix.RawSyscallNoError(unix.SYS_GETPID, 0, 0, 0)
	syscall.RawSyscall(39, 0, 0, 0)  // getpid
	syscall.RawSyscall(186, 0, 0, 0) // gettid
	syscall.RawSyscall(nr, uintptr(fd), 0, 0)
	read := uintptr(syscall.SYS_READ)
	syscall.RawSyscall(read, uintptr(fd), 0, 0)
	// The entersyscall twins are fine.
	syscall.Syscall(syscall.SYS_READ, uintptr(fd), 0, 0)
	unix.SyscallNoError(unix.SYS_READ, uintptr(fd), 0, 0)
}

// A zero millisecond timeout polls without waiting; a pointer timeout
// of 0 is nil, which waits for ever.
func polls(fds uintptr, msec int) {
	syscall.RawSyscall(syscall.SYS_POLL, fds, 1, 0)
	unix.RawSyscall(unix.SYS_POLL, fds, 1, uintptr(msec))                     // want `of SYS_POLL can block$`
	syscall.RawSyscall6(syscall.SYS_EPOLL_WAIT, 3, fds, 1, 0, 0, 0)           //
	syscall.RawSyscall6(syscall.SYS_EPOLL_PWAIT, 3, fds, 1, 0, 0, 8)          //
	syscall.RawSyscall6(syscall.SYS_EPOLL_WAIT, 3, fds, 1, ^uintptr(0), 0, 0) // want `of SYS_EPOLL_WAIT can block`
	syscall.RawSyscall(syscall.SYS_EPOLL_WAIT, 3, fds, 1)                     // want `of SYS_EPOLL_WAIT can block`
	syscall.RawSyscall6(syscall.SYS_PPOLL, fds, 1, 0, 0, 8, 0)                // want `of SYS_PPOLL can block`
	syscall.RawSyscall6(syscall.SYS_SELECT, 4, fds, 0, 0, 0, 0)               // want `of SYS_SELECT can block`
	unix.RawSyscall6(unix.SYS_EPOLL_PWAIT2, 3, fds, 1, 0, 0, 8)               // want `of SYS_EPOLL_PWAIT2 can block`
	syscall.RawSyscall(7, fds, 1, 0)                                          // poll, zero timeout
}

// WNOHANG makes wait4 and waitid return at once.
func waits(pid int) {
	syscall.RawSyscall6(syscall.SYS_WAIT4, uintptr(pid), 0, syscall.WNOHANG, 0, 0, 0)
	unix.RawSyscall6(unix.SYS_WAIT4, uintptr(pid), 0, unix.WNOHANG|syscall.WUNTRACED, 0, 0, 0)
	syscall.RawSyscall6(syscall.SYS_WAIT4, uintptr(pid), 0, 0, 0, 0, 0)                // want `of SYS_WAIT4 can block$`
	syscall.RawSyscall6(syscall.SYS_WAITID, 1, uintptr(pid), 0, syscall.WEXITED, 0, 0) // want `of SYS_WAITID can block`
	syscall.RawSyscall6(syscall.SYS_WAITID, 1, uintptr(pid), 0, syscall.WEXITED|syscall.WNOHANG, 0, 0)
	syscall.RawSyscall(syscall.SYS_WAITID, 1, uintptr(pid), 0) // want `of SYS_WAITID can block`
}

// Only the fcntl commands that wait for a lock block.
func locks(fd int, cmd uintptr) {
	syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETLKW, 0) // want `of SYS_FCNTL can block$`
	unix.RawSyscall(unix.SYS_FCNTL, uintptr(fd), unix.F_OFD_SETLKW, 0)      // want `of SYS_FCNTL can block`
	syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), 38, 0)               // want `of SYS_FCNTL can block`
	syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETFL, 0)
	syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETLK, 0)
	syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), cmd, 0)
	syscall.RawSyscall(syscall.SYS_FLOCK, uintptr(fd), syscall.LOCK_EX, 0) // want `of SYS_FLOCK can block$`
}

// Between a raw fork and exec the child may only make raw calls.
func forkExec(pipe int) {
	syscall.RawSyscall(syscall.SYS_WRITE, uintptr(pipe), 0, 0) // want `of SYS_WRITE can block`
	pid, _, _ := syscall.RawSyscall(syscall.SYS_FORK, 0, 0, 0)
	if pid == 0 {
		syscall.RawSyscall(syscall.SYS_READ, uintptr(pipe), 0, 0)
		syscall.RawSyscall(syscall.SYS_DUP2, uintptr(pipe), 0, 0)
		syscall.RawSyscall(syscall.SYS_EXIT, 0, 0, 0)
	}
}

func cloneChild(pipe int) {
	pid, _, _ := unix.RawSyscall6(56, uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0) // clone
	if pid == 0 {
		unix.RawSyscall(unix.SYS_READ, uintptr(pipe), 0, 0)
	}
}

func ignored(fd int) {
	//syscallvet:ignore rawsyscall fd is a non-blocking eventfd read after epoll says it is ready
	syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), 0, 0)
	syscall.RawSyscall(syscall.SYS_WRITE, uintptr(fd), 0, 0) //syscallvet:ignore rawsyscall non-blocking eventfd
}

//syscallvet:ignore rawsyscall nothing here // want `syscallvet:ignore directive silences no rawsyscall finding: remove it`
func stale() {}

// Function values are unknown.
var raw = syscall.RawSyscall

func indirect(fd int) {
	raw(syscall.SYS_READ, uintptr(fd), 0, 0)
}
