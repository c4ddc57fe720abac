// Package dot calls the raw functions through a dot import.
package dot

import . "syscall"

func RawRead(fd int) {
	RawSyscall(SYS_READ, uintptr(fd), 0, 0) // want `can block$`
}

// Syscall shadows the package's: no fix.
func ShadowedRead(fd int) {
	Syscall := 1
	_ = Syscall
	RawSyscall(SYS_READ, uintptr(fd), 0, 0) // want `can block$`
}
