// Package section holds functions that make two per-thread operations
// that must share an OS thread, and their correct twins.
package section

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

const sockcreate = "/proc/thread-self/attr/sockcreate"

// Change, then use: exported, no callers in the package.
func ListenAs(label, path string) (net.Listener, error) {
	if err := os.WriteFile(sockcreate, []byte(label), 0); err != nil { // want `os.WriteFile changes this thread's SELinux label and the deferred os.WriteFile at line 23 must undo it on the same thread, but the goroutine is not locked`
		return nil, err
	}
	defer os.WriteFile(sockcreate, nil, 0)
	return net.Listen("unix", path)
}

// Correct: the section owner locks it.
func ListenAsLocked(label, path string) (net.Listener, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := os.WriteFile(sockcreate, []byte(label), 0); err != nil {
		return nil, err
	}
	defer os.WriteFile(sockcreate, nil, 0)
	return net.Listen("unix", path)
}

// Change, then use, with no restore.
func ListenLabeled(label, path string) (net.Listener, error) {
	os.WriteFile(sockcreate, []byte(label), 0) // want `os.WriteFile changes this thread's SELinux label and net.Listen at line 41 must run on the same thread`
	return net.Listen("unix", path)
}

func setExecLabel(l string) error {
	return os.WriteFile("/proc/thread-self/attr/exec", []byte(l), 0)
}

// Change, then restore, through a wrapper.
func RunLabeled(label string, cmd *exec.Cmd) error {
	if err := setExecLabel(label); err != nil { // want `setExecLabel changes this thread's SELinux label \(via os.WriteFile\) and \(\*exec.Cmd\).Run at line 53 must run on the same thread`
		return err
	}
	err := cmd.Run()
	setExecLabel("")
	return err
}

// Two raw credential changes meant for one thread.
func SwapIDs(uid uintptr) {
	unix.RawSyscall(unix.SYS_SETRESUID, uid, uid, ^uintptr(0)) // want `unix.RawSyscall changes this thread's credentials and unix.RawSyscall at line 61 must undo it on the same thread`
	unix.RawSyscall(unix.SYS_SETRESUID, 0, 0, ^uintptr(0))
}

// The thread's ID formatted into a /proc path and used.
func ThreadNS() (*os.File, error) {
	tid := unix.Gettid() // want `unix.Gettid reads this thread's identity and os.Open at line 67 relies on it`
	return os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", tid))
}

// A handle to this thread's namespace kept to restore it.
func InNS(target netns.NsHandle, f func()) error {
	orig, err := netns.Get() // want `netns.Get reads this thread's identity \(via os.Open\) and netns.Set at line 77 relies on it`
	if err != nil {
		return err
	}
	defer orig.Close()
	if err := netns.Set(target); err != nil {
		return err
	}
	f()
	return netns.Set(orig)
}

// Change, then exec in the namespace.
func ExecIn(target netns.NsHandle) error {
	if err := netns.Set(target); err != nil { // want `netns.Set changes this thread's network namespace \(via unix.Setns\) and \(\*exec.Cmd\).Run at line 89 must run on the same thread`
		return err
	}
	return exec.Command("ip", "link").Run()
}

// Correct: a single-operation wrapper passes the obligation to its
// callers.
func Enter(target netns.NsHandle) error {
	return netns.Set(target)
}

// Correct: the thread's ID read for a message only.
func Describe() string {
	tid := unix.Gettid()
	data, _ := os.ReadFile("/etc/hostname")
	return fmt.Sprintf("%d %s", tid, data)
}

// Correct: the caller says it holds the lock.
func enterAndOpenLocked(target netns.NsHandle) (*os.File, error) {
	if err := netns.Set(target); err != nil {
		return nil, err
	}
	return os.Open("/proc/net/dev")
}

// enterAndOpen owns a section, but every caller in the package holds
// the lock when calling it: not reported.
func enterAndOpen(target netns.NsHandle) (*os.File, error) {
	if err := netns.Set(target); err != nil {
		return nil, err
	}
	return os.Open("/proc/net/dev")
}

func useLocked(target netns.NsHandle) {
	runtime.LockOSThread()
	enterAndOpen(target)
	enterAndOpenLocked(target)
}

// lockedCaller is called only under its caller's lock, so its own calls
// are covered too.
func lockedCaller(target netns.NsHandle) {
	enterAndOpen(target)
}

func useLockedCaller(target netns.NsHandle) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lockedCaller(target)
}

// reopen owns a section and one of its callers is a goroutine that does
// not lock: reported at reopen, not at the goroutine's call.
func reopen(target netns.NsHandle) {
	netns.Set(target) // want `netns.Set changes this thread's network namespace \(via unix.Setns\) and os.Open at line 144 must run on the same thread`
	os.Open("/proc/net/dev")
}

func startReopen(target netns.NsHandle) {
	go func() {
		reopen(target)
	}()
}

// runIn is a runner: it calls fn with the thread held.
func runIn(target, orig netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := netns.Set(target); err != nil {
		return err
	}
	defer netns.Set(orig)
	return fn()
}

// mountHere owns a section but is only passed to a runner: not reported.
func mountHere() error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return err
	}
	_, err := os.Open("/proc/self/mountinfo")
	return err
}

// openAfterSwitch owns a section and is called only inside a callback a
// runner runs: not reported.
func openAfterSwitch(other netns.NsHandle) {
	netns.Set(other)
	os.Open("/proc/net/dev")
}

func useRunner(target, orig, other netns.NsHandle) {
	runIn(target, orig, mountHere)
	runIn(target, orig, func() error {
		openAfterSwitch(other)
		return nil
	})
}

// EnterAndOpenDoc must be called on a locked thread: its doc comment
// says the caller holds the lock.
func EnterAndOpenDoc(target netns.NsHandle) (*os.File, error) {
	if err := netns.Set(target); err != nil {
		return nil, err
	}
	return os.Open("/proc/net/dev")
}

// EnterAndOpenUnlocked may be called on an unlocked thread, and then
// calls runtime.UnlockOSThread: its doc comment does not say the caller
// holds the lock.
func EnterAndOpenUnlocked(target netns.NsHandle) (*os.File, error) {
	if err := netns.Set(target); err != nil { // want `netns.Set changes this thread's network namespace \(via unix.Setns\) and os.Open at line \d+ must run on the same thread`
		return nil, err
	}
	return os.Open("/proc/net/dev")
}
