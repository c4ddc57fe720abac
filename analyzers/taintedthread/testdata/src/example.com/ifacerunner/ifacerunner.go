// Package ifacerunner calls runners through interfaces of another package
// (ns.NetNS.Do in the CNI plugins): a runner behind an interface with one
// implementation in its package is taken for that implementation.
package ifacerunner

import (
	"os/exec"

	"example.com/nsiface"
	"example.com/twoimpl"
	"github.com/opencontainers/selinux/go-selinux"
	"golang.org/x/sys/unix"
)

// The exec label set for a command started in the namespace stays on the
// pooled thread (CNI's tap plugin).
func createTap(netns nsiface.NetNS, label string) error {
	return netns.Do(func(nsiface.NetNS) error {
		if err := selinux.SetExecLabel(label); err != nil { // want `selinux.SetExecLabel changes the SELinux label \(via selinux.writeCon → os.OpenFile\) in a callback of nsiface.NetNS.Do, which restores only the network namespace`
			return err
		}
		return exec.Command("ip", "tuntap", "add").Run()
	})
}

// Correct twin: the callback changes only the network namespace, which
// the runner restores.
func enterOther(netns nsiface.NetNS, other int) error {
	return netns.Do(func(nsiface.NetNS) error {
		return unix.Setns(other, unix.CLONE_NEWNET)
	})
}

// Correct: two implementations, neither known to be the one called.
func labelTwo(r twoimpl.Runner, label string) error {
	return r.Do(func() error {
		return selinux.SetExecLabel(label)
	})
}
