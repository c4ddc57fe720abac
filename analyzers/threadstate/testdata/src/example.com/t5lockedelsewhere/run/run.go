// Package run calls bind's section owners with the thread locked: it is
// not reported, and bind's owners are reported in bind all the same.
package run

import (
	"runtime"

	"example.com/t5lockedelsewhere/bind"
)

func RunUsingRuntime(bundle string) error {
	runtime.LockOSThread() // never unlocked: this runs in a re-exec'd helper process
	if err := bind.SetupLocked(bundle); err != nil {
		return err
	}
	return bind.SetupMountNamespace(bundle)
}

func InitOSContext() func() {
	runtime.LockOSThread()
	if err := bind.SetNamespace(); err != nil {
		return runtime.UnlockOSThread
	}
	return runtime.UnlockOSThread
}
