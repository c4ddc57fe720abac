package fix

import (
	"syscall"
	sc "syscall"

	"golang.org/x/sys/unix"
)

func Read(fd int, p uintptr, n int) (int, error) {
	r, _, errno := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), p, uintptr(n)) // want `can block$`
	if errno != 0 {
		return 0, errno
	}
	return int(r), nil
}

func Pread(fd int, p uintptr, n int, off int64) (int, error) {
	r, _, errno := sc.RawSyscall6(sc.SYS_PREAD64, uintptr(fd), p, uintptr(n), uintptr(off), 0, 0) // want `can block$`
	if errno != 0 {
		return 0, errno
	}
	return int(r), nil
}

func Dup2(oldfd, newfd int) error {
	if _, _, errno := unix.RawSyscall(unix.SYS_DUP2, uintptr(oldfd), uintptr(newfd), 0); errno != 0 { // want `can block$`
		return errno
	}
	return nil
}

func Futex(addr uintptr) uintptr {
	r, _ := unix.RawSyscallNoError(unix.SYS_FUTEX, addr, 0, 0) // want `can block$`
	return r
}
