// Package netns is a stub of go.podman.io/common/pkg/netns: NetNS is
// implemented by the unexported netNS alone, whose Do runs the callback
// in a goroutine started with sync.WaitGroup.Go that locks, enters the
// namespace, and unlocks only if the way back worked. It restores the
// network namespace and nothing else.
package netns

import (
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

type NetNS interface {
	Do(toRun func(NetNS) error) error
	Set() error
	Close() error
}

type netNS struct{ file *os.File }

func (ns *netNS) Set() error { return unix.Setns(int(ns.file.Fd()), unix.CLONE_NEWNET) }

func (ns *netNS) Close() error { return ns.file.Close() }

func getCurrentNS() (NetNS, error) {
	f, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return nil, err
	}
	return &netNS{file: f}, nil
}

func (ns *netNS) Do(toRun func(NetNS) error) error {
	containedCall := func(hostNS NetNS) error {
		threadNS, err := getCurrentNS()
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
	var innerError error
	wg.Go(func() {
		runtime.LockOSThread()
		innerError = containedCall(ns)
	})
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
