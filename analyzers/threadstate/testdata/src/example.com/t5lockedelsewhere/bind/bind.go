// Package bind reduces buildah's bind.SetupIntermediateMountNamespace and
// docker's libnetwork/ns (SetNamespace, getLink): section owners whose
// only callers are in other packages, all of which lock (package run).
// The owner's package is analyzed before its importers and cannot see
// them, so an exported owner with no callers in its own package is
// reported: a known false positive of threadstate (see its doc.go).
package bind

import (
	"fmt"
	"os"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// SetupMountNamespace unshares the mount namespace and checks the bundle.
func SetupMountNamespace(bundle string) error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and os.Stat at line 22 must run on the same thread`
		return err
	}
	_, err := os.Stat(bundle)
	return err
}

var initNs netns.NsHandle

// SetNamespace goes back to the initial network namespace and, if that
// fails, describes the thread's namespace (getLink).
func SetNamespace() error {
	if err := netns.Set(initNs); err != nil { // want `netns.Set changes this thread's network namespace \(via unix.Setns\) and getLink at line 32 must run on the same thread`
		link, _ := getLink()
		return fmt.Errorf("%s: %v", link, err)
	}
	return nil
}

// getLink owns a section too (the thread's ID, then a readlink of its
// namespace), but its only call is the second operation of
// SetNamespace's section, which is reported: a lock there covers it.
func getLink() (string, error) {
	return os.Readlink(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid()))
}

// describe owns the same section as getLink and is also called by a
// function whose section it is not part of: reported.
func describe() (string, error) {
	return os.Readlink(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid())) // want `unix.Gettid reads this thread's identity and os.Readlink at line 48 relies on it`
}

// NewNS enters a new namespace and takes a handle to it with Current: its
// own section, reported. Current is its second operation too, but
// exported: importers call it alone, so its own section is reported.
func NewNS() (string, error) {
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil { // want `unix.Unshare changes this thread's network namespace and Current at line \d+ must run on the same thread`
		return "", err
	}
	return Current()
}

// Current names this thread's namespace by its thread ID.
func Current() (string, error) {
	return os.Readlink(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid())) // want `unix.Gettid reads this thread's identity and os.Readlink at line \d+ relies on it`
}

// Describe only reads: it has no section, so describe's call here is
// not covered by any report.
func Describe() string {
	link, _ := describe()
	return link
}

// SetupLocked is the documented way out: its doc comment says the
// caller holds the thread locked (runtime.LockOSThread).
func SetupLocked(bundle string) error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return err
	}
	_, err := os.Stat(bundle)
	return err
}
