// Package rootlessnetns reproduces podman's rootless netns setup
// (go.podman.io/common v0.69.0 libnetwork/internal/rootlessnetns): a
// helper that unshares the mount namespace and mounts in it, called in a
// callback of netns.NetNS.Do, whose runner starts its locked goroutine
// with sync.WaitGroup.Go. What the callback leaves changed is
// taintedthread's report.
package rootlessnetns

import (
	"os"

	"go.podman.io/common/pkg/netns"
	"golang.org/x/sys/unix"
)

type Netns struct{ dir string }

// Correct: called only in the runner's callback.
func (n *Netns) setupMounts() error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return err
	}
	return os.MkdirAll(n.dir, 0o700)
}

func (n *Netns) runInner(nsRef netns.NetNS, toRun func() error) error {
	return nsRef.Do(func(netns.NetNS) error {
		if err := n.setupMounts(); err != nil {
			return err
		}
		return toRun()
	})
}

// Called in the callback and from Direct, which holds no lock: reported.
func (n *Netns) setupTwice() error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and os.MkdirAll at line \d+ must run on the same thread, but the goroutine is not locked`
		return err
	}
	return os.MkdirAll(n.dir, 0o700)
}

func (n *Netns) runTwice(nsRef netns.NetNS) error {
	return nsRef.Do(func(netns.NetNS) error {
		return n.setupTwice()
	})
}

func (n *Netns) Direct() error {
	return n.setupTwice()
}
