// Package teardown checks lock helpers that change per-thread state and
// hand back the function that unlocks (netlink's setUpNetlinkTest: lock,
// netns.New, return a teardown that closes the handle and unlocks). When
// the teardown does not restore the state, that is one bug, reported once
// at the helper; its callers are silent unless they change state of their
// own.
package teardown

import (
	"runtime"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() error { return nil }

// SetUp hands back a teardown that unlocks in the new namespace.
func SetUp() func() {
	runtime.LockOSThread()
	ns, err := netns.New() // want `netns.New changes the network namespace \(via unix.Unshare\), not restored before the unlock function returned at line 25`
	if err != nil {
		panic(err)
	}
	return func() {
		ns.Close()
		runtime.UnlockOSThread()
	}
}

// The same, handing back runtime.UnlockOSThread itself.
func setUpPlain(target netns.NsHandle) func() {
	runtime.LockOSThread()
	netns.Set(target) // want `netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock function returned at line 35`
	return runtime.UnlockOSThread
}

// Silent: the teardown's fault, reported at SetUp.
func keepsTeardown() {
	tearDown := SetUp()
	defer tearDown()
	work()
}

func defersTeardown() {
	defer SetUp()()
	work()
}

func callsTeardown(target netns.NsHandle) {
	tearDown := setUpPlain(target)
	work()
	tearDown()
}

// A helper that passes SetUp's teardown on (netlink's
// setUpMPLSNetlinkTest) is silent, and so are its callers.
func setUpWrapped() func() {
	f := SetUp()
	work()
	return f
}

func usesWrapped() {
	defer setUpWrapped()()
	work()
}

// Silent: switching namespaces under the helper's lock (netlink's
// TestNetkitPeerNs) is undone by a teardown that puts the thread back; the
// one SetUp hands back does not, which is reported at SetUp.
func switchesWithin(other netns.NsHandle) {
	defer SetUp()()
	netns.Set(other)
	work()
}

// Still reported: a change of the caller's own that nothing restores.
func changesMore() {
	defer SetUp()()
	unix.Unshare(unix.CLONE_NEWNS) // want `^unix.Unshare changes the mount namespace, not restored before the deferred unlock at line 82$`
}

// Still reported: a caller that locks and changes state itself
// (netlink's TestSubscribeProcEvent).
func ownChange(target netns.NsHandle) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	netns.Set(target) // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the deferred unlock at line 90$`
}

// Correct: the teardown restores, and unlocks only if that worked.
func Enter(target netns.NsHandle) func() {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		panic(err)
	}
	if err := netns.Set(target); err != nil {
		panic(err)
	}
	return func() {
		if err := netns.Set(orig); err != nil {
			return // stays locked: the thread dies with the goroutine
		}
		runtime.UnlockOSThread()
	}
}

// Correct: the teardown restores.
func usesEnter(target netns.NsHandle) {
	exit := Enter(target)
	defer exit()
	work()
}

func callsExit(target netns.NsHandle) {
	exit := Enter(target)
	work()
	exit()
}

func defersExit(target netns.NsHandle) {
	defer Enter(target)()
	work()
}
