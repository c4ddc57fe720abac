// Package tsitenetlink reduces vishvananda/netlink v1.3.1's
// executeInNetns (nl/nl_linux.go): a helper that locks, enters a network
// namespace and hands back a teardown whose restore drops its error and
// unlocks anyway. The namespace is put back only if that restore worked:
// the report names the restore that goes unchecked, not a missing one.
// The twin's teardown unlocks only where the restore worked: correct.
package tsitenetlink

import (
	"errors"
	"runtime"

	"github.com/vishvananda/netns"
)

func executeInNetns(newNs, curNs netns.NsHandle) (func(), error) {
	var (
		err       error
		moveBack  func(netns.NsHandle) error
		closeNs   func() error
		unlockThd func()
	)
	restore := func() {
		// order matters
		if moveBack != nil {
			moveBack(curNs)
		}
		if closeNs != nil {
			closeNs()
		}
		if unlockThd != nil {
			unlockThd()
		}
	}
	if newNs >= 0 {
		runtime.LockOSThread()
		unlockThd = runtime.UnlockOSThread
		if curNs < 0 {
			if curNs, err = netns.Get(); err != nil {
				restore()
				return nil, errors.New("could not get current namespace")
			}
			closeNs = curNs.Close
		}
		if err := netns.Set(newNs); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 26 goes unchecked before the unlock function returned at line 51$`
			restore()
			return nil, errors.New("failed to set into network namespace")
		}
		moveBack = netns.Set
	}
	return restore, nil
}

// The twin: the teardown keeps the thread locked where the restore failed.
func executeInNetnsChecked(newNs, curNs netns.NsHandle) (func(), error) {
	moveBack := netns.Set
	restore := func() {
		if err := moveBack(curNs); err != nil {
			return // the thread dies with the goroutine
		}
		runtime.UnlockOSThread()
	}
	runtime.LockOSThread()
	if err := netns.Set(newNs); err != nil {
		runtime.UnlockOSThread()
		return nil, errors.New("failed to set into network namespace")
	}
	return restore, nil
}

func use(ns netns.NsHandle) error {
	d, err := executeInNetns(ns, -1)
	if err != nil {
		return err
	}
	defer d()
	return nil
}

func useChecked(ns netns.NsHandle) error {
	d, err := executeInNetnsChecked(ns, -1)
	if err != nil {
		return err
	}
	defer d()
	return nil
}
