// Package nsiface hides a runner behind an interface, like the CNI
// plugins' ns package: NetNS is implemented by the unexported netNS
// alone, which locks, enters the namespace, calls the callback, switches
// back and unlocks only if that worked. It restores the network
// namespace and nothing else.
package nsiface

import (
	"runtime"

	"github.com/vishvananda/netns"
)

type NetNS interface {
	Do(toRun func(NetNS) error) error
	Fd() int
}

type netNS struct{ h netns.NsHandle }

func (ns *netNS) Fd() int { return int(ns.h) }

func (ns *netNS) Do(toRun func(NetNS) error) error {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err == nil {
		err = netns.Set(ns.h)
	}
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer func() {
		if netns.Set(orig) == nil {
			runtime.UnlockOSThread()
		}
	}()
	return toRun(ns)
}

// Open returns the namespace h.
func Open(h netns.NsHandle) NetNS { return &netNS{h: h} }
