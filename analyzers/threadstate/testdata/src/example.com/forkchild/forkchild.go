// Package forkchild makes per-thread changes in the child's branch of a
// raw clone (reduced from go.podman.io/storage's
// idmap.CreateUsernsProcess): they change the child process, not the
// calling thread, and its callers' later mounts need no particular
// thread.
package forkchild

import (
	"golang.org/x/sys/unix"
)

// createUsernsProcess clones a child in a new user namespace that sets
// its parent-death signal and waits to be killed.
func createUsernsProcess() (int, error) {
	pid, _, errno := unix.RawSyscall(unix.SYS_CLONE, unix.CLONE_NEWUSER|uintptr(unix.SIGCHLD), 0, 0)
	if errno != 0 {
		return -1, errno
	}
	if pid == 0 {
		unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0, 0, 0)
		unix.Unshare(unix.CLONE_NEWNS)
		for {
			unix.Pause()
		}
	}
	return int(pid), nil
}

// Correct: the child's changes are not this thread's.
func CheckIDMapped(dir string) error {
	if _, err := createUsernsProcess(); err != nil {
		return err
	}
	return unix.Mount(dir, dir, "", unix.MS_BIND, "")
}

// unshareInParent makes the change in the parent's branch: its own.
func unshareInParent() (int, error) {
	pid, _, errno := unix.RawSyscall(unix.SYS_CLONE, uintptr(unix.SIGCHLD), 0, 0)
	if errno != 0 {
		return -1, errno
	}
	if pid != 0 {
		unix.Unshare(unix.CLONE_NEWNS)
		return int(pid), nil
	}
	for {
		unix.Pause()
	}
}

func MountPrivate(dir string) error {
	if _, err := unshareInParent(); err != nil { // want `unshareInParent changes this thread's mount namespace \(via unix.Unshare\) and unix.Mount at line 56 must run on the same thread`
		return err
	}
	return unix.Mount(dir, dir, "", unix.MS_BIND, "")
}
