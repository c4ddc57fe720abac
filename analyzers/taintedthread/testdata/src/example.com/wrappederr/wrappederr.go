// Package wrappederr checks changes and restores whose error is tested
// through a nil-preserving wrapper (github.com/pkg/errors.WithStack and
// friends): "if err := errors.WithStack(netns.Set(ns)); err != nil" is
// the branch where netns.Set failed (reduced from moby's
// internal/testutil/netnsutils OSContext.Set).
package wrappederr

import (
	"fmt"
	"runtime"

	crdb "github.com/cockroachdb/errors"
	"github.com/pkg/errors"
	"github.com/vishvananda/netns"
)

func work() error { return nil }

// Correct: the unlock on the wrapped error's branch runs where the switch
// failed, so nothing changed; the restore is checked through a wrapper.
func wrappedChange(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	if err := errors.WithStack(netns.Set(target)); err != nil {
		runtime.UnlockOSThread()
		return errors.Wrap(err, "failed to set goroutine network namespace")
	}
	runErr := work()
	if err := errors.Wrapf(netns.Set(orig), "restore %d", orig); err != nil {
		return err // stays locked on purpose
	}
	runtime.UnlockOSThread()
	return runErr
}

// Correct: the same through cockroachdb/errors.
func wrappedChangeCRDB(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	err := crdb.WithMessage(netns.Set(target), "enter")
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runErr := work()
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return runErr
}

// annotate may return an error whatever it is given: the analyzer cannot
// tell its branch from the switch's failure.
func annotate(err error) error { return fmt.Errorf("enter: %v", err) }

func unknownWrapper(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	if err := annotate(netns.Set(target)); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock at line 58$`
		runtime.UnlockOSThread()
		return err
	}
	runErr := work()
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return runErr
}

// The wrapped restore's error is dropped, so is netns.Set's.
func droppedWrappedRestore(target, orig netns.NsHandle) {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 77 goes unchecked before the unlock at line 78$`
		runtime.UnlockOSThread()
		return
	}
	work()
	errors.WithStack(netns.Set(orig))
	runtime.UnlockOSThread()
}

// Correct: a deferred restore that clears the unlock's flag when the
// wrapped restore fails.
func guardedWrapped(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	unlock := true
	defer func() {
		if unlock {
			runtime.UnlockOSThread()
		}
	}()
	if err := errors.WithStack(netns.Set(target)); err != nil {
		return err
	}
	defer func() {
		if err := errors.Wrap(netns.Set(orig), "restore"); err != nil {
			unlock = false
		}
	}()
	return work()
}
