// Package twoimpl declares an interface with two implementations, both
// runners that restore nothing: which one a call reaches is unknown.
package twoimpl

import "runtime"

type Runner interface {
	Do(fn func() error) error
}

type a struct{}

func (a) Do(fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return fn()
}

type b struct{}

func (*b) Do(fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return fn()
}

var _ = []Runner{a{}, &b{}}
