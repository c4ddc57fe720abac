// Package tidconsumed reduces moby's osl.createNetworkNamespace: the
// thread ID is read and used up in one expression (gettid → path → bind
// mount) inside a closure that a goroutine locks around, or that is
// called directly for the host namespace. The closure returns only the
// mount's error, so its callers get no thread identity, and their later
// calls (os.Stat, a write) rely on nothing. A function that returns the
// path built from the ID does hand the identity to its caller.
package tidconsumed

import (
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// inNewNS runs fn in a goroutine that locks and exits locked.
func inNewNS(fn func() error) error {
	errc := make(chan error)
	go func() {
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		errc <- fn()
	}()
	return <-errc
}

func createNS(path string, newNS bool) error {
	do := func() error {
		return unix.Mount(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()), path, "", unix.MS_BIND, "")
	}
	if newNS {
		return inNewNS(do)
	}
	return do()
}

// bindNS keeps the mount's error in a variable before returning it.
func bindNS(path string) error {
	err := unix.Mount(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()), path, "", unix.MS_BIND, "")
	if err != nil {
		return fmt.Errorf("bind %s: %w", path, err)
	}
	return err
}

type Sandbox struct{ path string }

func newSandbox(path string) (*Sandbox, error) {
	if err := createNS(path, true); err != nil {
		return nil, err
	}
	return &Sandbox{path: path}, nil
}

// Correct: no identity reaches these goroutines.
func spawn(path string) {
	go func() {
		sb, err := newSandbox(path)
		if err != nil {
			return
		}
		os.Stat(sb.path)
	}()
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		bindNS(path)
	}()
}

// threadNSPath returns a path naming this thread's namespace: its callers
// get the identity.
func threadNSPath() string {
	return fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid())
}

func bindThreadNS(path string) {
	go func() {
		src := threadNSPath() // want `threadNSPath reads this thread's identity \(via unix.Gettid\) and unix.Mount at line 85 relies on it`
		unix.Mount(src, path, "", unix.MS_BIND, "")
	}()
}
