// Package netns is a stub of github.com/vishvananda/netns: the facts, not
// the names, make its functions namespace changers.
package netns

import (
	"os"

	"golang.org/x/sys/unix"
)

type NsHandle int

// Set switches the calling thread into ns.
func Set(ns NsHandle) error {
	return unix.Setns(int(ns), unix.CLONE_NEWNET)
}

// Get returns a handle to the calling thread's namespace.
func Get() (NsHandle, error) {
	f, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return -1, err
	}
	return NsHandle(f.Fd()), nil
}

func (ns NsHandle) Close() error { return nil }

// New moves the calling thread into a new network namespace and returns a
// handle to it.
func New() (NsHandle, error) {
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		return -1, err
	}
	return Get()
}

// GetFromPath returns a handle to the namespace at path.
func GetFromPath(path string) (NsHandle, error) {
	f, err := os.Open(path)
	if err != nil {
		return -1, err
	}
	return NsHandle(f.Fd()), nil
}
