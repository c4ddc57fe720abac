// Package procfs reproduces filepath-securejoin's pathrs-lite procfs
// handle (used by opencontainers/selinux v1.15): the thread-self prefix
// reads the thread ID, and open locks the thread for a thread-self handle
// and returns the unlock as the handle's closer. The handle is used under
// that lock. (open itself reads the ID before it locks: that race, in the
// library, is reported there.)
package procfs

import (
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

type Base int

const (
	Self Base = iota
	ThreadSelf
)

func (b Base) prefix() string {
	if b == ThreadSelf {
		return "/proc/self/task/" + strconv.Itoa(unix.Gettid())
	}
	return "/proc/self"
}

func open(b Base, sub string) (_ *os.File, closer func(), Err error) {
	p := b.prefix() // want `Base.prefix reads this thread.s identity`
	switch b {
	case Self:
		f, err := os.Open(p + "/" + sub)
		return f, nil, err
	case ThreadSelf:
		runtime.LockOSThread()
		defer func() {
			if Err != nil {
				runtime.UnlockOSThread()
				closer = nil
			}
		}()
		f, err := os.Open(p + "/" + sub)
		return f, runtime.UnlockOSThread, err
	}
	return nil, nil, os.ErrInvalid
}

// OpenThreadSelf returns a handle to the calling thread's proc directory
// entry; the thread stays locked until the returned closer runs.
func OpenThreadSelf(sub string) (*os.File, func(), error) { return open(ThreadSelf, sub) }

// OpenSelf returns a handle to /proc/self/<sub>.
func OpenSelf(sub string) (*os.File, error) {
	f, _, err := open(Self, sub)
	return f, err
}
