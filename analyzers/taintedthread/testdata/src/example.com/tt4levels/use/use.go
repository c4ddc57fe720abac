// Package use calls tt4levels' helpers from another package, as docker's
// bridge tests call testutils.SetupTestOSContext: the fact says the
// teardown keeps a lock level.
package use

import (
	"testing"

	"example.com/tt4levels"
	"golang.org/x/sys/unix"
)

// Silent: the goroutine exits locked.
func TestBridge(t *testing.T) {
	defer tt4levels.SetupTestOSContext(t)()
	unix.Unshare(unix.CLONE_NEWNS)
}

// Reported: SetupOnce's teardown hands the thread back.
func TestOnce(t *testing.T) {
	defer tt4levels.SetupOnce(t)()
	unix.Unshare(unix.CLONE_NEWNS) // want `^unix.Unshare changes the mount namespace, not restored before the deferred unlock at line 23$`
}
