package usehelpers

import "helpers"

func restore() error { return nil }

// Correct: the helpers pair up across the package boundary, and the error
// branch of a conditional lock helper holds no lock.
func balanced(fd int) error {
	if err := helpers.Enter(fd); err != nil {
		return err
	}
	defer helpers.Exit(restore)
	return nil
}

func balancedSeparateCheck(fd int) error {
	err := helpers.EnterAll(fd)
	if err != nil {
		return err
	}
	defer helpers.Exit(restore)
	return nil
}

func leaksReported(fd int, b bool) error {
	if err := helpers.Enter(fd); err != nil { // want `^the lock taken by helpers.Enter \(via helpers.lock\) is not undone on the return at line 31$`
		return err
	}
	if b {
		return nil
	}
	return helpers.Exit(restore)
}

// Correct: method helpers from another package.
func methods(ns *helpers.NS) {
	ns.Set()
	defer ns.Close()
}

func methodLeak(ns *helpers.NS, b bool) {
	ns.Set() // want `the lock taken by \(\*helpers.NS\).Set is not undone`
	if b {
		return
	}
	ns.Close()
}

// Correct: a balanced helper has no effect on the caller.
func do() {
	helpers.Do(func() {})
}

// A caller that returns locked on every path is itself a helper.
func wrap() {
	helpers.Enter(3)
}

func callsWrap(b bool) {
	wrap() // want `the lock taken by wrap \(via helpers.Enter → helpers.lock\)`
	if b {
		return
	}
	helpers.Exit(restore)
}

// The function helpers.Pin hands back is its unlock: calling it on one
// path only leaks on the other.
func pinEarlyReturn(b bool) {
	undo := helpers.Pin() // want `^the lock taken by helpers.Pin is not undone on the return at line 73$`
	if b {
		return
	}
	undo()
}

func pinCalledEarlyReturn(ns *helpers.NS, b bool) {
	helpers.Pin()()
	ns.Set() // want `^the lock taken by \(\*helpers.NS\).Set is not undone on the return at line 82$`
	if b {
		return
	}
	ns.Close()
}

// Correct: kept and deferred, or deferred at once.
func pinDeferred() {
	undo := helpers.Pin()
	defer undo()
}

func pinDeferredAtOnce() {
	defer helpers.Pin()()
}
