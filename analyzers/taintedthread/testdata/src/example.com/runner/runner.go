// Package runner passes callbacks to runners (functions that call them
// with the goroutine locked, then unlock): what a callback leaves changed
// and its runner does not restore goes back to the scheduler.
package runner

import (
	"runtime"

	"example.com/nsrunner"
	"github.com/containernetworking/plugins/pkg/ns"
	"github.com/opencontainers/selinux/go-selinux"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() error { return nil }

// locked restores nothing.
func locked(fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return fn()
}

func switchNS(target netns.NsHandle) error {
	return locked(func() error {
		return netns.Set(target) // want `netns.Set changes the network namespace \(via unix.Setns\) in a callback of locked, which restores nothing`
	})
}

// Correct twin: the callback restores its own change.
func switchAndBack(target, orig netns.NsHandle) error {
	return locked(func() error {
		if err := netns.Set(target); err != nil {
			return err
		}
		work()
		return netns.Set(orig)
	})
}

// The network namespace is restored on success, left only on failure;
// the mount namespace is left.
func mixed(target, orig netns.NsHandle) error {
	return locked(func() error {
		if err := netns.Set(target); err != nil {
			return err
		}
		work()
		if err := netns.Set(orig); err != nil {
			return err
		}
		return unix.Unshare(unix.CLONE_NEWNS) // want `unix.Unshare changes the mount namespace in a callback of locked`
	})
}

// The runner restores the network namespace, not the mount namespace.
func unshareMount(target netns.NsHandle) error {
	return ns.WithNetNS(target, func() error {
		return unix.Unshare(unix.CLONE_NEWNS) // want `unix.Unshare changes the mount namespace in a callback of ns.WithNetNS, which restores only the network namespace`
	})
}

// Correct twin: the runner restores every kind the callback changes.
func unshareNet(target netns.NsHandle) error {
	return ns.WithNetNS(target, func() error {
		return unix.Unshare(unix.CLONE_NEWNET)
	})
}

// A label set inside a namespace runner.
func labelInNS(target netns.NsHandle, label string) error {
	return ns.WithNetNS(target, func() error {
		return selinux.SetExecLabel(label) // want `selinux.SetExecLabel changes the SELinux label \(via selinux.writeCon → os.OpenFile\) in a callback of ns.WithNetNS`
	})
}

// Correct twin: the callback puts the label back.
func labelInNSBack(target netns.NsHandle, label string) error {
	return ns.WithNetNS(target, func() error {
		if err := selinux.SetExecLabel(label); err != nil {
			return err
		}
		work()
		return selinux.SetExecLabel("")
	})
}

// A runner that locks in a goroutine it starts.
func inGoroutine(ns *nsrunner.NS) error {
	return ns.Do(func(*nsrunner.NS) error {
		return unix.Unshare(unix.CLONE_NEWNS) // want `in a callback of \(\*nsrunner.NS\).Do, which restores only the network namespace`
	})
}

// Correct twin.
func inGoroutineNet(ns *nsrunner.NS) error {
	return ns.Do(func(*nsrunner.NS) error {
		return unix.Unshare(unix.CLONE_NEWNET)
	})
}

// A wrapper that passes the callback on to a runner.
func viaWrapper(h netns.NsHandle) error {
	return nsrunner.WithNS(h, func(*nsrunner.NS) error {
		return unix.Unshare(unix.CLONE_NEWNS) // want `in a callback of nsrunner.WithNS, which restores only the network namespace`
	})
}

// A named function of the package: reported at the argument.
func setup() error {
	return unix.Unshare(unix.CLONE_NEWNS)
}

func namedCallback(target netns.NsHandle) error {
	return ns.WithNetNS(target, setup) // want `setup changes the mount namespace \(via unix.Unshare\) in a callback of ns.WithNetNS`
}

// Correct twin: a named callback that changes only what the runner
// restores.
func setupNet() error {
	return unix.Unshare(unix.CLONE_NEWNET)
}

func namedCallbackNet(target netns.NsHandle) error {
	return ns.WithNetNS(target, setupNet)
}

// Another package's function: reported at the argument.
func importedCallback() error {
	return locked(nsrunner.EnterMnt) // want `nsrunner.EnterMnt changes the mount namespace \(via unix.Unshare\) in a callback of locked`
}

// Correct twin: another package's function that changes only what the
// runner restores.
func importedCallbackNet(target netns.NsHandle) error {
	return ns.WithNetNS(target, nsrunner.EnterNet)
}

// A literal held in a variable: reported inside it.
func heldCallback() error {
	cb := func() error {
		return unix.Unshare(unix.CLONE_NEWNS) // want `unix.Unshare changes the mount namespace in a callback of locked`
	}
	return locked(cb)
}

// Correct: callbacks passed to functions that are not runners keep their
// usual treatment (threadstate's, and taintedthread's inside them).
func notRunners() error {
	nsrunner.Dies(func() {
		unix.Unshare(unix.CLONE_NEWNS) // the thread dies with the goroutine
	})
	return nsrunner.Apply(func() error {
		return unix.Unshare(unix.CLONE_NEWNS)
	})
}
