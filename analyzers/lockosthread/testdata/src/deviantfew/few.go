// Package deviantfew checks the threshold: at least two calls of a helper
// must release its lock, and twice as many as keep it, before a caller
// keeping it is reported.
package deviantfew

import "runtime"

func work() error { return nil }

func enter() int {
	runtime.LockOSThread()
	return 1
}

func leave() { runtime.UnlockOSThread() }

// Correct: one call releases enter's lock, one keeps it: no pattern.
func releases() {
	enter()
	defer leave()
	work()
}

func keeps() {
	enter()
}

func get() int {
	runtime.LockOSThread()
	return 2
}

// Correct: three calls release the lock, two keep it: no clear pattern.
func r1() {
	get()
	defer leave()
}

func r2() {
	get()
	leave()
}

func r3() {
	get()
	leave()
}

func k1() {
	get()
}

func k2() {
	get()
}

func grab() int {
	runtime.LockOSThread()
	return 3
}

// Four calls release the lock, two keep it: both are reported.
func g1() { grab(); defer leave() }
func g2() { grab(); defer leave() }
func g3() { grab(); defer leave() }
func g4() { grab(); defer leave() }

func h1() {
	grab() // want `^h1 returns with the lock grab takes held, while 4 of the 6 calls of grab release it \(line 63, line 64, line 65, …\)$`
}

func h2() {
	grab() // want `h2 returns with the lock grab takes`
}

func take() int {
	runtime.LockOSThread()
	return 4
}

// Correct: two calls release the lock, one does on some paths only (and
// is reported for it), one keeps it: no clear pattern.
func t1() { take(); defer leave() }
func t2() { take(); defer leave() }

func t3(b bool) {
	take() // want `the lock taken by take is not undone`
	if b {
		return
	}
	leave()
}

func t4() {
	take()
}
