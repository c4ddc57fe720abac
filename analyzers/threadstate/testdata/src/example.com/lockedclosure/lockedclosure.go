// Package lockedclosure reproduces CNI plugins' pkg/ns (v1.10): a section
// owner (thread ID, then open) whose callers all lock, one of them a
// closure kept in a local variable that only a goroutine holding the lock
// calls (ns.Do's containedCall). No report.
package lockedclosure

import (
	"fmt"
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

func currentNoLock() (*os.File, error) {
	return os.Open(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid()))
}

func Current() (*os.File, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return currentNoLock()
}

func Do(toRun func() error) error {
	contained := func() error {
		f, err := currentNoLock()
		if err != nil {
			return err
		}
		defer f.Close()
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

// DoUnlocked calls the same kind of closure with no lock: reported.
func DoUnlocked() error {
	open := func() error {
		f, err := currentNoLock2()
		if err != nil {
			return err
		}
		return f.Close()
	}
	return open()
}

func currentNoLock2() (*os.File, error) {
	return os.Open(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid())) // want `reads this thread's identity`
}
