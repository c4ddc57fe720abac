// Package unlockingclosure reproduces CNI plugins' ns.Do (v1.10) closer
// than lockedclosure: the closure kept in containedCall also switches
// back and unlocks in a deferred function (only if the switch back
// worked), so the goroutine's call of it is an unlock call, made with the
// goroutine's lock held. The thread-ID read it calls is locked on every
// path: no report.
package unlockingclosure

import (
	"fmt"
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

type handle interface {
	Set() error
	Close() error
}

type file struct{ f *os.File }

func (h *file) Set() error   { return unix.Setns(int(h.f.Fd()), unix.CLONE_NEWNET) }
func (h *file) Close() error { return h.f.Close() }

func currentNoLock() (handle, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid()))
	if err != nil {
		return nil, err
	}
	return &file{f}, nil
}

func Current() (handle, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return currentNoLock()
}

func (h *file) Do(toRun func() error) error {
	contained := func() error {
		threadNS, err := currentNoLock()
		if err != nil {
			return err
		}
		defer threadNS.Close()
		if err := h.Set(); err != nil {
			return err
		}
		defer func() {
			if err := threadNS.Set(); err == nil {
				runtime.UnlockOSThread()
			}
		}()
		return toRun()
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var inner error
	go func() {
		defer wg.Done()
		runtime.LockOSThread()
		inner = contained()
	}()
	wg.Wait()
	return inner
}

// The same closure, started by a goroutine that does not lock: reported.
func (h *file) DoUnlocked(toRun func() error) error {
	contained := func() error {
		threadNS, err := currentNoLock2()
		if err != nil {
			return err
		}
		defer func() {
			if err := threadNS.Set(); err == nil {
				runtime.UnlockOSThread()
			}
		}()
		return toRun()
	}
	done := make(chan error)
	go func() {
		done <- contained()
	}()
	return <-done
}

func currentNoLock2() (handle, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid())) // want `reads this thread's identity`
	if err != nil {
		return nil, err
	}
	return &file{f}, nil
}
