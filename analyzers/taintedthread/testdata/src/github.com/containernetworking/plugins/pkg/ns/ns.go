// Package ns is a stub of the CNI plugins' ns package: a correct "do in
// namespace" helper.
package ns

import (
	"runtime"

	"github.com/vishvananda/netns"
)

// WithNetNS runs toRun inside target and comes back, unlocking only if
// the way back worked.
func WithNetNS(target netns.NsHandle, toRun func() error) error {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runErr := toRun()
	if err := netns.Set(orig); err != nil {
		return err // the thread stays locked and dies with the goroutine
	}
	runtime.UnlockOSThread()
	return runErr
}
