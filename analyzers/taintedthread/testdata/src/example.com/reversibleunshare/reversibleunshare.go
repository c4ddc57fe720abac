// Package reversibleunshare shows known false positives (reduced from
// moby's daemon/internal/unshare.Go). The restores of the namespaces about
// to be unshared are deferred in a loop over a table of reversible flags,
// and the unlock is guarded by a flag that a failed restore clears. That
// is correct, but on the path where the loop defers no restore (flags
// names none of the table's kinds) the analyzer sees the unshare reach
// the unlock. That path runs only when the unshare changes nothing
// (flags is then 0), a relation between values it does not follow.
package reversibleunshare

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

var reversible = map[int]string{unix.CLONE_NEWNET: "net", unix.CLONE_NEWUTS: "uts"}

// Correct, but reported: see the package comment.
func Go(flags int, fn func()) {
	masked := flags
	for f := range reversible {
		masked &^= f
	}
	isReversible := masked == 0
	go func() {
		runtime.LockOSThread()
		if isReversible {
			defer func() {
				if isReversible {
					runtime.UnlockOSThread()
				}
			}()
			tid := unix.Gettid()
			for f, ns := range reversible {
				if flags&f != f {
					continue
				}
				fd, err := unix.Open(fmt.Sprintf("/proc/self/task/%d/ns/%s", tid, ns), unix.O_RDONLY|unix.O_CLOEXEC, 0)
				if err != nil {
					return
				}
				defer func() {
					if isReversible {
						if err := unix.Setns(fd, 0); err != nil {
							isReversible = false
						}
					}
					_ = unix.Close(fd)
				}()
			}
		}
		if err := unix.Unshare(flags); err != nil { // want `^unix.Unshare changes the namespace, not restored before the deferred unlock at line 58$`
			return
		}
		fn()
	}()
}

// Not reported: the same with the restore deferred once, outside a loop.
// The unlock deferred in an if and the flag a failed restore clears are
// followed; with flags unknown, the unshare and the setns both count as
// "a namespace" (the documented approximation).
func GoOne(flags int, fn func()) {
	isReversible := true
	go func() {
		runtime.LockOSThread()
		if isReversible {
			defer func() {
				if isReversible {
					runtime.UnlockOSThread()
				}
			}()
			fd, err := unix.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()), unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				return
			}
			defer func() {
				if isReversible {
					if err := unix.Setns(fd, 0); err != nil {
						isReversible = false
					}
				}
				_ = unix.Close(fd)
			}()
		}
		if err := unix.Unshare(flags); err != nil {
			return
		}
		fn()
	}()
}

// Correct, but reported: setns(fd, 0) takes the namespace's type from the
// descriptor, which the analyzer does not follow to the path it was
// opened from, so it restores an unknown namespace, not the network
// namespace that was unshared.
func GoNet(fn func()) {
	isReversible := true
	go func() {
		runtime.LockOSThread()
		if isReversible {
			defer func() {
				if isReversible {
					runtime.UnlockOSThread()
				}
			}()
			fd, err := unix.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()), unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				return
			}
			defer func() {
				if isReversible {
					if err := unix.Setns(fd, 0); err != nil {
						isReversible = false
					}
				}
				_ = unix.Close(fd)
			}()
		}
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil { // want `^unix.Unshare changes the network namespace, not restored before the deferred unlock at line 126$`
			return
		}
		fn()
	}()
}
