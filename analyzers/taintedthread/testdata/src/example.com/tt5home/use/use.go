// Package use calls tt5home.InitOSContext from another package, as
// docker's drivers call osl.InitOSContext: its fact leaves nothing
// changed, so the deferred teardown hands back a clean thread.
package use

import (
	"example.com/tt5home"
	"golang.org/x/sys/unix"
)

func createNetwork() error {
	defer tt5home.InitOSContext()()
	return nil
}

// Reported: a change of the caller's own.
func createMount() {
	defer tt5home.InitOSContext()()
	unix.Unshare(unix.CLONE_NEWNS) // want `^unix.Unshare changes the mount namespace, not restored before the deferred unlock at line 20$`
}
