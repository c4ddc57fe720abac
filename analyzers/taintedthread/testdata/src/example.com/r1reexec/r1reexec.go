// Package r1reexec reduces docker's libnetwork setup-resolver, fwmarker
// and redirector: a function registered with reexec.Register is the main
// of a re-exec'd child, which exits as soon as it returns, so the thread
// its deferred unlock hands back runs nothing else.
package r1reexec

import (
	"os"
	"runtime"

	"github.com/docker/docker/pkg/reexec"
	"github.com/vishvananda/netns"
)

func init() {
	reexec.Register("setup-resolver", setupResolver)
	reexec.Register("unlock-early", unlockEarly)
	reexec.Register("literal", func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := netns.Set(target()); err != nil {
			os.Exit(3)
		}
	})
}

func target() netns.NsHandle { return netns.NsHandle(len(os.Args)) }

// setupResolver runs only in the re-exec'd child.
func setupResolver() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := netns.Set(target()); err != nil {
		os.Exit(3)
	}
	if len(os.Args) < 4 {
		return
	}
	os.Stdout.WriteString("rules")
}

// Twin: the same body, not registered, hands its thread back to a process
// that goes on.
func setupResolverElsewhere() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := netns.Set(target()); err != nil { // want `netns.Set changes the network namespace \(via unix.Setns\), not restored before the deferred unlock at line 51`
		os.Exit(3)
	}
	if len(os.Args) < 4 {
		return
	}
	os.Stdout.WriteString("rules")
}

// Twin: an entry point that unlocks the changed thread and goes on: its
// other goroutines may run on it before the process exits.
func unlockEarly() {
	runtime.LockOSThread()
	if err := netns.Set(target()); err != nil { // want `netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock at line 63`
		os.Exit(3)
	}
	runtime.UnlockOSThread()
	os.Stdout.WriteString("rules")
}
