// Package deviant checks callers that keep the lock of a helper which the
// rest of the package pairs with its release.
package deviant

import (
	"errors"
	"fmt"
	"runtime"
)

func work() error { return nil }

func gettid() int { return 1 }

// pin wires the goroutine to its thread and returns the thread's ID.
func pin() int {
	runtime.LockOSThread()
	return gettid()
}

func unpin() { runtime.UnlockOSThread() }

// Correct: the usual pairings, deferred or called on every path.
func deferred() error {
	pin()
	defer unpin()
	return work()
}

func deferredRuntime() error {
	fmt.Println(pin())
	defer runtime.UnlockOSThread()
	return work()
}

// show prints the thread's ID (and its doc comment does not say that it
// keeps the thread).
func show() {
	fmt.Println(pin()) // want `^show returns with the lock pin takes held, while 4 of the 6 calls of pin release it \(line 25, line 31, sites.go:7, …\)$`
}

// current locks the calling goroutine to its thread and returns the
// thread's ID: documented as a lock helper.
func current() int {
	return pin()
}

func lockedID() int {
	// Correct: the name says what it does.
	return pin()
}

func run(f func()) { f() }

// Correct: a function literal handed to a function that runs it, perhaps
// on a goroutine of its own.
func callback() {
	run(func() {
		fmt.Println(pin())
	})
}

// tidOrErr returns the ID of a thread it keeps exactly when it returns no
// error.
func tidOrErr() (int, error) {
	id := pin()
	if id < 0 {
		unpin()
		return 0, errors.New("no thread")
	}
	return id, nil
}

// setup is called as a helper whose effect the caller undoes.
func setup() {
	pin()
}

func usesSetup() error {
	setup()
	defer unpin()
	return work()
}

// Correct: a goroutine that exits locked discards its thread.
func discard() {
	go worker()
}

func worker() {
	fmt.Println(pin())
}
