package main

import "runtime"

// Correct: init and main.main may lock the main thread for good (GUI and
// OpenGL libraries need their calls on the main thread).
func init() {
	runtime.LockOSThread()
	if len(ok) == 0 {
		return
	}
}

var ok = []int{1}

func main() {
	runtime.LockOSThread()
	if len(ok) > 1 {
		return
	}
	run()
	pinMain()
	pinShared()
}

func run() {}

// Correct: called only from main.main, whose return ends the process.
func pinMain() {
	if len(ok) > 2 {
		return
	}
	runtime.LockOSThread()
}

// Twin: also called from a method, which is checked.
func pinShared() {
	if len(ok) > 2 {
		return
	}
	runtime.LockOSThread() // want `is not undone`
}

// Not main.main: a method named main is checked.
type app struct{}

func (app) main(b bool) {
	pinShared()
	runtime.LockOSThread() // want `is not undone`
	if b {
		return
	}
	runtime.UnlockOSThread()
}
