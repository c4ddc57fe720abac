// Package rawcreds changes the calling thread's credentials with a raw
// system call.
package rawcreds

import "syscall"

func become(uid uintptr) { // want become:"changes\\(creds\\) needsLock\\(creds\\)"
	syscall.RawSyscall(syscall.SYS_SETUID, uid, 0, 0)
}
