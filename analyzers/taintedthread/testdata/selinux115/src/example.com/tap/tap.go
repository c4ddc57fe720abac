// Package tap reproduces the CNI plugins' tap plugin (v1.10.0
// plugins/main/tap/tap.go): a callback of ns.NetNS.Do sets the exec label
// with go-selinux v1.15.1, whose setters write through pathrs-lite, and
// never resets it; the runner restores only the network namespace.
package tap

import (
	"os/exec"

	"github.com/containernetworking/plugins/pkg/ns"
	"github.com/opencontainers/selinux/go-selinux"
	"github.com/opencontainers/selinux/go-selinux/label"
)

func createTapWithIptool(name string) error {
	return exec.Command("ip", "tuntap", "add", name, "mode", "tap").Run()
}

func createLink(name, context string) error {
	if context != "" {
		if err := selinux.SetExecLabel(context); err != nil {
			return err
		}
	}
	return createTapWithIptool(name)
}

func createTap(netns ns.NetNS, name, context string) error {
	return netns.Do(func(ns.NetNS) error {
		return createLink(name, context) // want `createLink changes the SELinux label \(via selinux.SetExecLabel\) in a callback of ns.NetNS.Do, which restores only the network namespace`
	})
}

// The setter called in the callback itself.
func createTapInline(netns ns.NetNS, name, context string) error {
	return netns.Do(func(ns.NetNS) error {
		if err := selinux.SetExecLabel(context); err != nil { // want `selinux.SetExecLabel changes the SELinux label in a callback of ns.NetNS.Do, which restores only the network namespace`
			return err
		}
		return createTapWithIptool(name)
	})
}

// Correct twin: the callback clears the exec label before returning.
func createTapReset(netns ns.NetNS, name, context string) error {
	return netns.Do(func(ns.NetNS) error {
		if err := selinux.SetExecLabel(context); err != nil {
			return err
		}
		if err := createTapWithIptool(name); err != nil {
			selinux.SetExecLabel("")
			return err
		}
		return selinux.SetExecLabel("")
	})
}

// The label package's wrapper, through its fact.
func createFile(netns ns.NetNS, context string) error {
	return netns.Do(func(ns.NetNS) error {
		return label.SetFileCreateLabel(context) // want `label.SetFileCreateLabel changes the SELinux label \(via selinux.SetFSCreateLabel\) in a callback of ns.NetNS.Do`
	})
}

// Correct twin: the wrapper's label is cleared too.
func createFileReset(netns ns.NetNS, context string) error {
	return netns.Do(func(ns.NetNS) error {
		if err := label.SetFileCreateLabel(context); err != nil {
			return err
		}
		return label.SetFileCreateLabel("")
	})
}
