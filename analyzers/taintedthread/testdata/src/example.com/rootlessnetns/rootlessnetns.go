// Package rootlessnetns reproduces podman's rootless netns setup
// (go.podman.io/common v0.69.0 libnetwork/internal/rootlessnetns): a
// callback of netns.NetNS.Do, whose runner starts its locked goroutine
// with sync.WaitGroup.Go, unshares the mount namespace; the runner
// restores only the network namespace.
package rootlessnetns

import (
	"os"

	"go.podman.io/common/pkg/netns"
	"golang.org/x/sys/unix"
)

type Netns struct{ dir string }

func (n *Netns) setupMounts() error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return err
	}
	return os.MkdirAll(n.dir, 0o700)
}

func (n *Netns) runInner(toRun func() error) error {
	nsRef, err := netns.GetNS(n.dir)
	if err != nil {
		return err
	}
	defer nsRef.Close()
	return nsRef.Do(func(netns.NetNS) error {
		if err := n.setupMounts(); err != nil { // want `\(\*Netns\).setupMounts changes the mount namespace \(via unix.Unshare\) in a callback of netns.NetNS.Do, which restores only the network namespace`
			return err
		}
		return toRun()
	})
}

// Correct twin: the callback changes only the network namespace, which
// the runner restores.
func (n *Netns) runNet(toRun func() error) error {
	nsRef, err := netns.GetNS(n.dir)
	if err != nil {
		return err
	}
	defer nsRef.Close()
	return nsRef.Do(func(netns.NetNS) error {
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			return err
		}
		return toRun()
	})
}
