// Package nsrunner defines callback runners for package runner (besides
// the CNI stub's ns.WithNetNS), to show that what a runner restores
// crosses packages. Each runner is correct itself: it puts its own change
// back and unlocks only if that worked.
package nsrunner

import (
	"runtime"
	"sync"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// NS is a namespace whose Do runs the callback in a goroutine that locks,
// enters, and unlocks only if the way back worked (the CNI plugins'
// ns.Do, on a concrete type).
type NS struct{ h netns.NsHandle }

func (ns *NS) Do(toRun func(*NS) error) error {
	contained := func(host *NS) error {
		orig, err := netns.Get()
		if err != nil {
			return err
		}
		if err := netns.Set(ns.h); err != nil {
			return err
		}
		defer func() {
			if err := netns.Set(orig); err == nil {
				runtime.UnlockOSThread()
			}
		}()
		return toRun(host)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var innerErr error
	go func() {
		defer wg.Done()
		runtime.LockOSThread()
		innerErr = contained(ns)
	}()
	wg.Wait()
	return innerErr
}

// WithNS passes its callback on to a runner: a runner too.
func WithNS(h netns.NsHandle, toRun func(*NS) error) error {
	ns := &NS{h: h}
	return ns.Do(toRun)
}

// Dies runs fn on a thread that is never handed back: not a runner.
func Dies(fn func()) {
	go func() {
		runtime.LockOSThread()
		fn()
	}()
}

// Apply calls fn with no lock: not a runner.
func Apply(fn func() error) error { return fn() }

// EnterMnt leaves the mount namespace changed for its caller.
func EnterMnt() error {
	return unix.Unshare(unix.CLONE_NEWNS)
}

// EnterNet leaves the network namespace changed for its caller.
func EnterNet() error {
	return unix.Unshare(unix.CLONE_NEWNET)
}
