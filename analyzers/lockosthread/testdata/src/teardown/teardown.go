// Package teardown checks helpers that lock and hand back the function
// that undoes the lock.
package teardown

import "runtime"

func work() error { return nil }

// Locks twice, and the teardown it returns undoes one level only.
func pinTwice() func() {
	runtime.LockOSThread()
	work()
	runtime.LockOSThread() // want `^runtime.LockOSThread is not undone by the function returned at line 14, which undoes 1 of 2 lock levels$`
	return runtime.UnlockOSThread
}

// Reported at the helper, not at its callers.
func usesPinTwice() {
	defer pinTwice()()
	work()
}

// Correct: the teardown undoes both levels.
func pinTwiceUndoTwice() func() {
	runtime.LockOSThread()
	runtime.LockOSThread()
	return func() {
		runtime.UnlockOSThread()
		runtime.UnlockOSThread()
	}
}

// Correct: one level taken, one undone.
func pinOnce() func() {
	runtime.LockOSThread()
	return func() { runtime.UnlockOSThread() }
}

func lockThread() { runtime.LockOSThread() }

// A lock helper's lock on top of one handed back: the closure undoes one.
func pinViaHelper() func() {
	lockThread()
	lockThread() // want `^the lock taken by lockThread is not undone by the function returned at line 45, which undoes 1 of 2 lock levels$`
	return func() { runtime.UnlockOSThread() }
}

// Correct: the teardown also calls a function value, which may well undo
// the second level.
func pinWithCleanup(cleanup func()) func() {
	runtime.LockOSThread()
	runtime.LockOSThread()
	return func() {
		runtime.UnlockOSThread()
		cleanup()
	}
}

// Correct: one teardown per level.
func pinPair() (func(), func()) {
	runtime.LockOSThread()
	runtime.LockOSThread()
	return runtime.UnlockOSThread, runtime.UnlockOSThread
}

// Correct: called at once, or kept and deferred.
func callsAtOnce() {
	pinOnce()()
}

func keepsAndDefers() {
	undo := pinOnce()
	defer undo()
	work()
}

func defersAtOnce() {
	defer pinOnce()()
	work()
}
