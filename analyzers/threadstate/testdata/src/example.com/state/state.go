package state

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() {}

// A goroutine root that switches namespace without a lock.
func unlockedRoot(target netns.NsHandle) {
	go func() {
		netns.Set(target) // want `netns.Set changes this thread's network namespace \(via unix.Setns\) while the goroutine is not locked to its OS thread$`
		work()
	}()
}

// Correct: locked first.
func lockedRoot(target netns.NsHandle) {
	go func() {
		runtime.LockOSThread()
		netns.Set(target)
		work()
	}()
}

// setup has no lock of its own: its callers must hold one.
func setup(target netns.NsHandle) error {
	return netns.Set(target)
}

// Reported where the obligation meets a goroutine that is not locked.
func startWorker(target netns.NsHandle) {
	go worker(target)
}

func worker(target netns.NsHandle) {
	setup(target) // want `setup changes this thread's network namespace \(via netns.Set → unix.Setns\) while the goroutine is not locked`
	work()
}

// Correct: setup called under the lock.
func lockedWorker(target netns.NsHandle) {
	go func() {
		runtime.LockOSThread()
		setup(target)
	}()
}

// Exported wrapper: its callers are checked, not it.
func Enter(target netns.NsHandle) error {
	return netns.Set(target)
}

// A function that manages the lock but changes state before taking it.
func changeBeforeLock(target netns.NsHandle) {
	netns.Set(target) // want `netns.Set changes this thread's network namespace`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	work()
}

// Thread identity used to name this thread's state, unlocked.
func labelByTid(label string) {
	go func() {
		tid := unix.Gettid() // want `^unix.Gettid reads this thread's ID to name its state while the goroutine is not locked to its OS thread$`
		os.WriteFile(fmt.Sprintf("/proc/self/task/%d/attr/exec", tid), []byte(label), 0)
	}()
}

// Correct: locked first.
func labelByTidLocked(label string) {
	go func() {
		runtime.LockOSThread()
		tid := unix.Gettid()
		os.WriteFile(fmt.Sprintf("/proc/self/task/%d/attr/exec", tid), []byte(label), 0)
	}()
}

// A child with a parent-death signal started from an unlocked goroutine.
func pdeathsig() {
	go func() {
		cmd := exec.Command("/bin/sleep", "10")
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		cmd.Start() // want `\(\*exec.Cmd\).Start starts a child with SysProcAttr.Pdeathsig set at line 90 while the goroutine is not locked`
		cmd.Wait()
	}()
}

// Correct: locked for the child's lifetime.
func pdeathsigLocked() {
	go func() {
		runtime.LockOSThread()
		cmd := exec.Command("/bin/sleep", "10")
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		cmd.Start()
		cmd.Wait()
	}()
}

// Correct: no parent-death signal, no thread affinity.
func plainCommand() {
	go func() {
		exec.Command("/bin/true").Run()
	}()
}

// Not per-thread since Go 1.16.
func setuid() {
	go func() {
		syscall.Setuid(0)
	}()
}

func init() {
	unix.Unshare(unix.CLONE_NEWNS) // want `unix.Unshare changes this thread's mount namespace`
}

// lockThread locks and hands back the unlock (reduced from cilium's
// testutils): its callers hold the lock until they call the closure.
func lockThread() (func(), error) {
	runtime.LockOSThread()
	return func() { runtime.UnlockOSThread() }, nil
}

// Correct: locked through the helper.
func lockedViaHelper(target netns.NsHandle) {
	go func() {
		unlock, err := lockThread()
		if err != nil {
			return
		}
		defer unlock()
		netns.Set(target)
	}()
}
