// Package tt4levels checks lock helpers whose teardown undoes fewer lock
// levels than they take (docker v23's testutils.SetupTestOSContext: lock,
// unshare, lock again, return a teardown that unlocks once). After the
// caller's "defer SetupTestOSContext(t)()" the goroutine is still locked:
// it exits locked and the runtime destroys the changed thread, which is
// never handed back. The twin locks once and hands the thread back in the
// new namespace.
package tt4levels

import (
	"runtime"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func work() {}

// Silent: the teardown undoes one of two levels.
func SetupTestOSContext(t *testing.T) func() {
	runtime.LockOSThread()
	if err := syscall.Unshare(syscall.CLONE_NEWNET); err != nil {
		t.Fatalf("Failed to enter netns: %v", err)
	}
	fd, err := syscall.Open("/proc/self/ns/net", syscall.O_RDONLY, 0)
	if err != nil {
		t.Fatal("Failed to open netns file")
	}
	runtime.LockOSThread() // second level
	return func() {
		if err := syscall.Close(fd); err != nil {
			t.Logf("Warning: netns closing failed (%v)", err)
		}
		runtime.UnlockOSThread() // releases one: still locked afterwards
	}
}

// Reported: the same helper locking once.
func SetupOnce(t *testing.T) func() {
	runtime.LockOSThread()
	if err := syscall.Unshare(syscall.CLONE_NEWNET); err != nil { // want `^syscall.Unshare changes the network namespace, not restored before the unlock function returned at line 45$`
		t.Fatalf("Failed to enter netns: %v", err)
	}
	return func() {
		runtime.UnlockOSThread()
	}
}

// Silent: a helper that passes the partial teardown on keeps the level.
func setupWrapped(t *testing.T) func() {
	f := SetupTestOSContext(t)
	work()
	return f
}

// Silent: after the teardown the goroutine is still locked, also with a
// change of the test's own, in every way of calling the teardown.
func TestBridge(t *testing.T) {
	defer SetupTestOSContext(t)()
	unix.Unshare(unix.CLONE_NEWNS)
	work()
}

func TestBridgeVar(t *testing.T) {
	teardown := SetupTestOSContext(t)
	unix.Unshare(unix.CLONE_NEWNS)
	teardown()
}

func TestWrapped(t *testing.T) {
	defer setupWrapped(t)()
	unix.Unshare(unix.CLONE_NEWNS)
}

// Silent: SetupOnce's teardown is reported at SetupOnce.
func TestOnce(t *testing.T) {
	defer SetupOnce(t)()
	work()
}

// Reported: a change of the test's own that SetupOnce's teardown hands
// back unrestored.
func TestOnceOwnChange(t *testing.T) {
	defer SetupOnce(t)()
	unix.Unshare(unix.CLONE_NEWNS) // want `^unix.Unshare changes the mount namespace, not restored before the deferred unlock at line 87$`
}

func TestOnceVarOwnChange(t *testing.T) {
	teardown := SetupOnce(t)
	unix.Unshare(unix.CLONE_NEWNS) // want `^unix.Unshare changes the mount namespace, not restored before the unlock at line 92$`
	teardown()
}
