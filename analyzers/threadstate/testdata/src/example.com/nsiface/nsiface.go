// Package nsiface hides a runner behind an interface, like the CNI
// plugins' ns package: NetNS is implemented by the unexported netNS
// alone. Runner has two implementations.
package nsiface

import (
	"runtime"

	"github.com/vishvananda/netns"
)

type NetNS interface {
	Do(toRun func(NetNS) error) error
}

type netNS struct{ h, orig netns.NsHandle }

// Do enters ns around toRun and unlocks only if the way back worked.
func (ns *netNS) Do(toRun func(NetNS) error) error {
	runtime.LockOSThread()
	if err := netns.Set(ns.h); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runErr := toRun(ns)
	if err := netns.Set(ns.orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return runErr
}

func Get(h netns.NsHandle) NetNS { return &netNS{h: h} }

type Runner interface {
	Run(fn func())
}

type a struct{}

func (a) Run(fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fn()
}

type b struct{}

func (b) Run(fn func()) { fn() }

var _ = []Runner{a{}, b{}}
