// Package helpers holds lock and unlock helpers used from another package.
package helpers

import (
	"errors"
	"runtime"
)

func setns(fd int) error {
	if fd < 0 {
		return errors.New("bad fd")
	}
	return nil
}

// Enter locks the thread and switches namespace; on failure it unlocks and
// returns the error, so the caller owns a lock exactly when err == nil.
func Enter(fd int) error { // want Enter:"returnsLockedIfNilError"
	lock()
	if err := setns(fd); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	return nil
}

// EnterAll passes Enter's error on: also conditional.
func EnterAll(fd int) error { // want EnterAll:"returnsLockedIfNilError"
	return Enter(fd)
}

func lock() { // want lock:"returnsLocked"
	runtime.LockOSThread()
}

// Exit restores and unlocks, but only if the restore worked.
func Exit(restore func() error) error { // want Exit:"unlocks"
	if err := restore(); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

type NS struct{}

func (ns *NS) Set() { // want Set:"returnsLocked"
	runtime.LockOSThread()
}

func (ns NS) Close() { // want Close:"unlocks"
	unlock()
}

func unlock() { // want unlock:"unlocks"
	runtime.UnlockOSThread()
}

// Balanced: no fact.
func Do(f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	f()
}

// Recursion is summarised without looping forever (and gets no fact: the
// recursive path is not known to lock).
func Recur(n int) {
	if n == 0 {
		runtime.LockOSThread()
		return
	}
	Recur(n - 1)
}

// Pin locks and hands back the function that undoes the lock.
func Pin() func() { // want Pin:"returnsLocked handsUnlock"
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}

// PinMaybe hands back the unlock on one path only: callers cannot rely
// on the function it returns.
func PinMaybe(b bool) func() { // want PinMaybe:`^returnsLocked$`
	runtime.LockOSThread()
	if b {
		return func() {}
	}
	return runtime.UnlockOSThread
}
