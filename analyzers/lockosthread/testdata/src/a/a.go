package a

import (
	"errors"
	"log"
	"os"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"
)

func work() error { return nil }

// Correct: deferred unlock right after the lock.
func deferred() error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return work()
}

// Correct: a deferred unlock registered before the lock still runs at return.
func deferredFirst() {
	defer runtime.UnlockOSThread()
	runtime.LockOSThread()
	work()
}

// Correct: unlocked on both paths.
func bothPaths(b bool) error {
	runtime.LockOSThread()
	if b {
		runtime.UnlockOSThread()
		return errors.New("b")
	}
	runtime.UnlockOSThread()
	return nil
}

func earlyReturn(b bool) error {
	runtime.LockOSThread() // want `^runtime.LockOSThread is not undone on the return at line 43$`
	if err := work(); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

func inSwitch(n int) int {
	runtime.LockOSThread() // want `not undone on the return at line 53$`
	switch n {
	case 1:
		return 1
	}
	runtime.UnlockOSThread()
	return 0
}

func inSelect(c chan int) int {
	runtime.LockOSThread() // want `not undone on the return at line 63$`
	select {
	case v := <-c:
		return v
	default:
	}
	runtime.UnlockOSThread()
	return 0
}

func withGoto(n int) {
	runtime.LockOSThread() // want `not undone at the end of the function \(line 79\)$`
	if n > 0 {
		goto out
	}
	runtime.UnlockOSThread()
	return
out:
	work()
}

// Correct: paths that panic or exit the process do not return.
func panics(b bool) {
	runtime.LockOSThread()
	if b {
		panic("no")
	}
	if !b {
		log.Fatal("no")
	}
	if b {
		os.Exit(1)
	}
	runtime.UnlockOSThread()
}

// Correct: a deferred closure that unlocks.
func deferredClosure() error {
	runtime.LockOSThread()
	defer func() {
		runtime.UnlockOSThread()
	}()
	return work()
}

// Correct: the defer inside a closure belongs to the closure, which is balanced.
func closureBalanced() {
	func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		work()
	}()
}

func closureLeaks(b bool) {
	f := func() {
		runtime.LockOSThread() // want `not undone on the return at line 118$`
		if b {
			return
		}
		runtime.UnlockOSThread()
	}
	f()
}

func loop(items []int) {
	for range items {
		runtime.LockOSThread() // want `^runtime.LockOSThread in a loop is not undone within the iteration$`
		work()
	}
	runtime.UnlockOSThread()
}

func deferInLoop(items []int) {
	for range items {
		runtime.LockOSThread() // want `in a loop is not undone within the iteration`
		defer runtime.UnlockOSThread()
		work()
	}
}

// Correct: locked and unlocked within each iteration.
func loopBalanced(items []int) {
	for range items {
		runtime.LockOSThread()
		work()
		runtime.UnlockOSThread()
	}
}

func nested() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	work()
	runtime.LockOSThread() // want `^runtime.LockOSThread, nested in the lock taken at line 151, is not undone at the end of the function \(line 156\)$`
	work()
}

// Correct: goroutine roots may exit locked; the runtime destroys the thread.
func roots(g *errgroup.Group, wg *sync.WaitGroup) {
	go func() {
		runtime.LockOSThread()
		work()
	}()
	go worker()
	g.Go(func() error {
		runtime.LockOSThread()
		return work()
	})
	wg.Go(func() {
		runtime.LockOSThread()
		work()
	})
}

func worker() {
	runtime.LockOSThread()
	if work() != nil {
		return
	}
	work()
}

// Still reported inside a goroutine root: a lock in a loop.
func rootLoop(jobs chan int) {
	go func() {
		for range jobs {
			runtime.LockOSThread() // want `in a loop is not undone`
			defer runtime.UnlockOSThread()
		}
	}()
}

// A lock helper: returns locked on every path; callers are checked.
func lockHelper() {
	runtime.LockOSThread()
}

// An unlock helper, conditional: it may undo a lock.
func unlockHelper(restore func() error) error {
	if err := restore(); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

func usesHelpers(restore func() error) error {
	lockHelper()
	defer unlockHelper(restore)
	return work()
}

func leaksViaHelper(b bool) {
	lockHelper() // want `^the lock taken by lockHelper is not undone on the return at line 216$`
	if b {
		return
	}
	unlockHelper(work)
}

// Mixed: locked on some return paths and not others.
func mixedHelper(b bool) {
	runtime.LockOSThread() // want `not undone on the return at line 225$`
	if b {
		return
	}
	runtime.UnlockOSThread()
}

// Correct: the returned closure carries the unlock to the caller.
func enter() (func(), error) {
	runtime.LockOSThread()
	if err := work(); err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	return func() { runtime.UnlockOSThread() }, nil
}

type handle struct{}

func (h *handle) Lock() { runtime.LockOSThread() }

func (h *handle) Unlock() { runtime.UnlockOSThread() }

// Correct: method calls and method values resolve to their effects.
func methods(h *handle) {
	h.Lock()
	unlock := h.Unlock
	defer unlock()
	work()
}

func methodLeak(h *handle, b bool) {
	h.Lock() // want `the lock taken by \(\*handle\).Lock is not undone on the return`
	if b {
		return
	}
	h.Unlock()
}

// Correct: a function value we cannot resolve might be the unlock.
func unknownCleanup(cleanup func()) {
	runtime.LockOSThread()
	defer cleanup()
	work()
}

func genericLock[T any](v T) T {
	runtime.LockOSThread()
	return v
}

func genericLeak(b bool) {
	genericLock(1) // want `the lock taken by genericLock`
	if b {
		return
	}
	runtime.UnlockOSThread()
}

// Correct: a local variable holding the unlock function.
func localVar() {
	runtime.LockOSThread()
	unlock := runtime.UnlockOSThread
	defer unlock()
	work()
}

type job struct{ run func() error }

// A call through a function-valued field is not taken for an unlock.
func callbackIsNotUnlock(j job) error {
	runtime.LockOSThread() // want `not undone on the return at line 296$`
	if err := j.run(); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// Correct: a literal stored in a variable and started with go is a
// goroutine root too (reduced from syscall's own tests).
func rootViaVar(q chan int, once bool) {
	waiter := func(q chan int) {
		for range q {
			runtime.LockOSThread()
			if once {
				break // exits locked: the thread is discarded
			}
			runtime.UnlockOSThread()
		}
	}
	go waiter(q)
}

// Correct: the returned closure unlocks through a variable holding the
// unlock function (reduced from netlink's executeInNetns).
func enterVar(b bool) (func(), error) {
	var unlockThd func()
	runtime.LockOSThread()
	unlockThd = runtime.UnlockOSThread
	restore := func() {
		if unlockThd != nil {
			unlockThd()
		}
	}
	if b {
		restore()
		return nil, errors.New("b")
	}
	return restore, nil
}

// setUp locks and hands the unlock back, like netlink's test helpers.
func setUp() func() {
	runtime.LockOSThread()
	return func() { runtime.UnlockOSThread() }
}

// The returned unlock is dropped, so this function keeps the lock: like
// any function that does, it is taken for a lock helper and reported where
// it is called (below), not here.
func discardsUnlock() {
	setUp()
	work()
}

func callsDiscarder(b bool) {
	discardsUnlock() // want `the lock taken by discardsUnlock \(via setUp\) is not undone`
	if b {
		return
	}
	runtime.UnlockOSThread()
}

// The second lock nests in the first, and its unlock is dropped: the story
// is the discarded function (netlink's tests call such set-up helpers twice).
func discardsTwice() {
	_ = setUp()
	setUp() // want `^the unlock function setUp returns is discarded, so its lock is still held at the end of the function \(line \d+\), as is the lock at line \d+$`
}

// Correct: the returned function is kept and deferred.
func keepsUnlock() {
	undo := setUp()
	defer undo()
	work()
}

// Correct: called at once.
func callsUnlock() {
	setUp()()
}
