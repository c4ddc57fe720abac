// Package restoringteardown checks "defer setup(t)()": a test helper that
// locks the thread, enters a new namespace and hands back the teardown
// that unlocks (reduced from moby's libnetwork tests and netnsutils). A
// teardown that restores the namespace and unlocks only if that worked is
// correct; one that unlocks without restoring, or also where the restore
// failed, is reported at its helper, not at the callers here.
package restoringteardown

import (
	"runtime"
	"testing"

	"example.com/restoringteardown/nsctx"
	"example.com/restoringteardown/unrestored"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() {}

// Correct: the teardown restores, then unlocks.
func TestRestored(t *testing.T) {
	defer nsctx.Setup(t)()
	work()
}

// Correct: the same with the teardown kept in a variable.
func TestRestoredVar(t *testing.T) {
	teardown := nsctx.Setup(t)
	defer teardown()
	work()
}

// Correct: the restore-and-unlock method, deferred.
func TestCleanup(t *testing.T) {
	c := nsctx.SetupEx(t)
	defer c.Cleanup(t)
	work()
}

// The teardown puts back only the network namespace: the mount namespace
// is still changed (reported at the change left unrestored, not at the
// helper, whose change the teardown undoes).
func TestMountToo(t *testing.T) {
	defer nsctx.Setup(t)()
	unix.Unshare(unix.CLONE_NEWNS) // want `^unix.Unshare changes the mount namespace, not restored before the deferred unlock at line 47$`
}

// The twins' teardowns hand the thread back unrestored: reported once,
// at each helper (package unrestored), not here.
func TestNoRestore(t *testing.T) {
	defer unrestored.SetupNoRestore(t)()
	work()
}

func TestUnchecked(t *testing.T) {
	defer unrestored.SetupUnchecked(t)()
	work()
}

func TestDropped(t *testing.T) {
	defer unrestored.SetupDropped(t)()
	work()
}

// The same chain within the package: setup, closure, method, method.
type osContext struct{ orig netns.NsHandle }

func setup(t *testing.T) func() {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		t.Fatalf("failed to open initial netns: %v", err)
	}
	c := &osContext{orig: orig}
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		c.restore(t)
		t.Fatalf("failed to enter netns: %v", err)
	}
	return func() { c.cleanup(t) }
}

func (c *osContext) cleanup(t *testing.T) { c.restore(t) }

func (c *osContext) restore(t *testing.T) {
	if err := netns.Set(c.orig); err != nil {
		t.Logf("failed to restore thread netns: %v", err)
		return
	}
	runtime.UnlockOSThread()
}

// Correct.
func TestLocal(t *testing.T) {
	defer setup(t)()
	work()
}
