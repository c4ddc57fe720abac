// Package nsback holds restore-and-unlock helpers for package tsiteback's
// callers in another package: Back drops the restore's error and unlocks
// anyway; BackChecked unlocks only where the restore worked.
package nsback

import (
	"runtime"

	"github.com/vishvananda/netns"
)

func Back(h netns.NsHandle) {
	netns.Set(h)
	runtime.UnlockOSThread()
}

func BackChecked(h netns.NsHandle) error {
	if err := netns.Set(h); err != nil {
		return err // stays locked: the thread dies with the goroutine
	}
	runtime.UnlockOSThread()
	return nil
}
