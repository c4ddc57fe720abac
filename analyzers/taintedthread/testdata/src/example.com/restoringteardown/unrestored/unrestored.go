// Package unrestored holds the twins of nsctx.Setup whose teardowns hand
// the thread back unrestored: one does not restore, one unlocks also where
// the restore failed, one drops the restore's error. Each is reported
// once, here at the helper, and its callers (package restoringteardown)
// are not. The twins live apart from nsctx because that package's facts
// are checked by another test.
package unrestored

import (
	"runtime"
	"testing"

	"example.com/restoringteardown/nsctx"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// SetupNoRestore's teardown unlocks without restoring (reduced from
// vishvananda/netlink's setUpNetlinkTest).
func SetupNoRestore(t *testing.T) func() {
	runtime.LockOSThread()
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil { // want `^unix.Unshare changes the network namespace, not restored before the unlock function returned at line 25$`
		t.Fatalf("failed to enter netns: %v", err)
	}
	return func() {
		runtime.UnlockOSThread()
	}
}

// SetupUnchecked's teardown restores, but unlocks also where the restore
// failed.
func SetupUnchecked(t *testing.T) func() {
	c := nsctx.SetupEx(t) // want `^nsctx.SetupEx changes the network namespace \(via unix.Unshare\), not restored before the unlock function returned at line 34$`
	return func() {
		if err := netns.Set(c.Orig); err != nil {
			t.Logf("failed to restore thread netns: %v", err)
		}
		runtime.UnlockOSThread()
	}
}

// SetupDropped's teardown drops the restore's error: the report names
// that restore.
func SetupDropped(t *testing.T) func() {
	c := nsctx.SetupEx(t) // want `^nsctx.SetupEx changes the network namespace \(via unix.Unshare\) and the restore at line 47 goes unchecked before the unlock function returned at line 46$`
	return func() {
		netns.Set(c.Orig)
		runtime.UnlockOSThread()
	}
}
