// Package nsiface hides a runner behind an interface, like the CNI
// plugins' ns package: NetNS is implemented by the unexported netNS
// alone, so the interface method gets its runner fact.
package nsiface

import (
	"os"
	"runtime"
	"sync"
	"syscall"
)

const SYS_SETNS = 308 // linux/amd64; std's syscall lacks the name

type NetNS interface {
	Do(toRun func(NetNS) error) error // want Do:`runsLocked\(0:netns\)`
	Set() error
	Close() error
}

type netNS struct{ file *os.File }

var _ NetNS = &netNS{}

func (ns *netNS) Set() error { // want Set:`changes\(netns\) needsLock\(netns\)`
	if _, _, e := syscall.RawSyscall(SYS_SETNS, ns.file.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
		return e
	}
	return nil
}

func (ns *netNS) Close() error { return ns.file.Close() }

func current() (NetNS, error) { // want current:"threadID"
	f, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return nil, err
	}
	return &netNS{file: f}, nil
}

// Do runs toRun in a goroutine that locks, enters ns, and unlocks only
// if the way back (through the interface) worked.
func (ns *netNS) Do(toRun func(NetNS) error) error { // want Do:`runsLocked\(0:netns\)`
	contained := func(host NetNS) error {
		threadNS, err := current()
		if err != nil {
			return err
		}
		defer threadNS.Close()
		if err := ns.Set(); err != nil {
			return err
		}
		defer func() {
			if err := threadNS.Set(); err == nil {
				runtime.UnlockOSThread()
			}
		}()
		return toRun(host)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var innerErr error
	go func() {
		defer wg.Done()
		runtime.LockOSThread()
		innerErr = contained(ns)
	}()
	wg.Wait()
	return innerErr
}

// WithPath calls the runner through the interface in its own package: a
// runner too.
func WithPath(path string, toRun func(NetNS) error) error { // want WithPath:`runsLocked\(1:netns\)`
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	var ns NetNS = &netNS{file: f}
	defer ns.Close()
	return ns.Do(toRun)
}
