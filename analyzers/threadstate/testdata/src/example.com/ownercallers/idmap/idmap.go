// Package idmap reduces go.podman.io/storage's pkg/idmap: a raw clone
// whose child sets its own parent-death signal and waits to be killed.
package idmap

import "golang.org/x/sys/unix"

// CreateUsernsProcess returns the child's pid and a function that kills
// it. The prctl runs in the child, but the analysis does not tell the
// branches of a raw clone apart: it counts as this thread's change.
func CreateUsernsProcess() (int, func(), error) {
	pid, _, errno := unix.RawSyscall(unix.SYS_CLONE, unix.CLONE_NEWUSER|unix.SIGCHLD, 0, 0)
	if errno != 0 {
		return -1, nil, errno
	}
	if pid == 0 {
		_ = unix.Prctl(unix.PR_SET_PDEATHSIG, unix.SIGKILL, 0, 0, 0)
		for {
			_ = unix.Pause()
		}
	}
	return int(pid), func() { unix.Kill(int(pid), unix.SIGKILL) }, nil
}
