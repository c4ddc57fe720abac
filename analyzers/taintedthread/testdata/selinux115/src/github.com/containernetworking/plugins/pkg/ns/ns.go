// Package ns is a stub of the CNI plugins' ns package (v1.10.0): NetNS is
// implemented by the unexported netNS alone, whose Do runs the callback
// in a goroutine that locks, enters the namespace, and unlocks only if
// the way back worked. It restores the network namespace and nothing
// else.
package ns

import (
	"os"
	"runtime"
	"sync"
	"syscall"
)

const SYS_SETNS = 308 // linux/amd64; std's syscall lacks the name

type NetNS interface {
	Do(toRun func(NetNS) error) error
	Set() error
	Close() error
}

type netNS struct{ file *os.File }

func (ns *netNS) Set() error {
	if _, _, e := syscall.RawSyscall(SYS_SETNS, ns.file.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
		return e
	}
	return nil
}

func (ns *netNS) Close() error { return ns.file.Close() }

func getCurrentNSNoLock() (NetNS, error) {
	f, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return nil, err
	}
	return &netNS{file: f}, nil
}

func (ns *netNS) Do(toRun func(NetNS) error) error {
	containedCall := func(hostNS NetNS) error {
		threadNS, err := getCurrentNSNoLock()
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
		return toRun(hostNS)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var innerError error
	go func() {
		defer wg.Done()
		runtime.LockOSThread()
		innerError = containedCall(ns)
	}()
	wg.Wait()
	return innerError
}

// GetNS opens the namespace at path.
func GetNS(path string) (NetNS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &netNS{file: f}, nil
}
