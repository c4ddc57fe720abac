// Package twoimpl declares an interface with two implementations, both
// runners: which one a call reaches is unknown, so the interface method
// gets no fact.
package twoimpl

import "runtime"

type Runner interface {
	Do(fn func() error) error
}

type a struct{}

func (a) Do(fn func() error) error { // want Do:`runsLocked\(0\)`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return fn()
}

type b struct{}

func (*b) Do(fn func() error) error { // want Do:`runsLocked\(0\)`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return fn()
}

var _ = []Runner{a{}, &b{}}

// Correct: not a runner, as far as anyone can tell.
func Run(r Runner, fn func() error) error { return r.Do(fn) }
