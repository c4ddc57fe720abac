package tainted

import (
	"errors"
	"os/exec"
	"runtime"

	"github.com/containernetworking/plugins/pkg/ns"
	"github.com/opencontainers/selinux/go-selinux"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() error { return errors.New("x") }

// An early return inside a "do in namespace" helper.
func earlyReturn(target netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := netns.Get()
	if err != nil {
		return err
	}
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the deferred unlock at line 28$`
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	return netns.Set(orig)
}

// The restore's error is ignored before the deferred unlock.
func ignoredRestore(target, orig netns.NsHandle) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := netns.Set(target); err != nil { // want `and the restore at line 41 goes unchecked before the deferred unlock at line 42$`
		return
	}
	work()
	netns.Set(orig)
}

// Correct: restore, and unlock only if the restore succeeded.
func restoreThenUnlock(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runErr := work()
	if err := netns.Set(orig); err != nil {
		return err // stays locked on purpose
	}
	runtime.UnlockOSThread()
	return runErr
}

// Correct: the goroutine exits locked and its thread is destroyed.
func exitLocked(target netns.NsHandle) {
	go func() {
		runtime.LockOSThread()
		if err := netns.Set(target); err != nil {
			return
		}
		work()
	}()
}

// A watcher goroutine that enters a namespace and unlocks on exit.
func watcher(target netns.NsHandle) {
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		netns.Set(target) // want `^netns.Set changes the network namespace .*, not restored before the deferred unlock at line 77$`
		work()
	}()
}

// LIFO: a restore deferred before the unlock runs after it.
func deferOrderWrong(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil { // want `not restored before the deferred unlock at line 89`
		runtime.UnlockOSThread()
		return err
	}
	defer netns.Set(orig)
	defer runtime.UnlockOSThread()
	return work()
}

// LIFO the right way round, but the deferred restore cannot check its error.
func deferOrderRightIgnored(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := netns.Set(target); err != nil { // want `the restore at line 99 goes unchecked`
		return err
	}
	defer netns.Set(orig)
	return work()
}

// exitNS restores and unlocks only if the restore worked.
func exitNS(orig netns.NsHandle) error {
	if err := netns.Set(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// Correct: a restore-and-unlock helper, deferred.
func deferredExitHelper(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer exitNS(orig)
	return work()
}

// Correct: a deferred literal that restores and unlocks only on success.
func deferredLiteral(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer func() {
		if err := netns.Set(orig); err != nil {
			return
		}
		runtime.UnlockOSThread()
	}()
	return work()
}

// Correct: the helper does it all.
func viaHelper(target netns.NsHandle) error {
	return ns.WithNetNS(target, work)
}

// SELinux exec label: restored, but the error is ignored.
func execWithLabel(label string) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := selinux.SetExecLabel(label); err != nil { // want `^selinux.SetExecLabel changes the SELinux label \(via selinux.writeCon → os.OpenFile\) and the restore at line 152 goes unchecked`
		return err
	}
	err := exec.Command("/bin/true").Run()
	_ = selinux.SetExecLabel("")
	return err
}

// Correct: the restore is checked and the thread stays locked if it fails.
func execWithLabelChecked(label string) error {
	runtime.LockOSThread()
	if err := selinux.SetExecLabel(label); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runErr := exec.Command("/bin/true").Run()
	if err := selinux.SetExecLabel(""); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return runErr
}

// unshare cannot be undone: unlocking afterwards is always wrong.
func unshareThenUnlock() error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return unix.Unshare(unix.CLONE_NEWNET) // want `^unix.Unshare changes the network namespace, not restored before the deferred unlock at line 175$`
}

// Correct: the unshared thread is never unlocked.
func unshareAndDie() {
	go func() {
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			return
		}
		work()
	}()
}

// A raw set*id syscall changes only this thread's credentials.
func rawSetresuid(uid uintptr) {
	runtime.LockOSThread()
	unix.RawSyscall(unix.SYS_SETRESUID, uid, uid, uid) // want `^unix.RawSyscall changes the credentials, not restored before the unlock at line 194$`
	work()
	runtime.UnlockOSThread()
}

// Not per-thread since Go 1.16: no report.
func setreuid(uid int) {
	runtime.LockOSThread()
	unix.Setreuid(uid, uid)
	runtime.UnlockOSThread()
}

// An early return from a callback inside the locked section.
func callbackEarlyReturn(target, orig netns.NsHandle, items []string, each func(string) error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := netns.Set(target); err != nil { // want `not restored before the deferred unlock at line 213`
		return err
	}
	for _, it := range items {
		if err := each(it); err != nil {
			return err
		}
	}
	if err := netns.Set(orig); err != nil {
		runtime.Goexit() // never hand the thread back
	}
	return nil
}

// asUser restores the credentials on success and leaves them changed on
// failure; the goroutine unlocks only on success (reduced from
// containerd's startProcessWithUserNamespace): correct.
func asUser(uid uintptr) error {
	if _, _, errno := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), uid, ^uintptr(0)); errno != 0 {
		return errno
	}
	if err := work(); err != nil {
		return err
	}
	if _, _, errno := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 0, ^uintptr(0)); errno != 0 {
		return errno
	}
	return nil
}

func startAsUser(uid uintptr) {
	go func() {
		runtime.LockOSThread()
		err := asUser(uid)
		if err == nil {
			runtime.UnlockOSThread()
		}
	}()
}

type nsHandle interface{ Set() error }

// The restore goes through an interface the analyzer cannot see, but the
// unlock depends on its success: trusted (reduced from the CNI plugins'
// TempNetNS).
func opaqueRestore(orig nsHandle) {
	go func() {
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			return
		}
		work()
		err := orig.Set()
		if err == nil {
			runtime.UnlockOSThread()
		}
	}()
}

// A restore-and-unlock closure called on an error path is a restore, not
// a change (reduced from the CNI plugins' ns.Do and netlink's
// executeInNetns).
func restoreClosure(target, orig netns.NsHandle) error {
	runtime.LockOSThread()
	restore := func() {
		if err := netns.Set(orig); err != nil {
			return
		}
		runtime.UnlockOSThread()
	}
	if err := netns.Set(target); err != nil {
		restore()
		return err
	}
	work()
	restore()
	return nil
}

// newNS unshares into a new namespace and returns a handle from a call
// whose error decides success (reduced from vishvananda/netns.New).
func newNS() (netns.NsHandle, error) {
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		return -1, err
	}
	return netns.Get()
}

// The restore's error is returned, but the deferred unlock has already
// handed the thread back by then.
func newAndBack(orig netns.NsHandle) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if _, err := newNS(); err != nil { // want `^newNS changes the network namespace \(via unix.Unshare\) and the restore at line 304 is checked only after the deferred unlock at line 304$`
		return err
	}
	return netns.Set(orig)
}
