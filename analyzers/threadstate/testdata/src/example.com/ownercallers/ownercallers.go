// Package ownercallers reduces go.podman.io/storage's overlay driver
// (v1.65.1): supportsIdmappedLowerLayers owns a section (there: start the
// user namespace child, then mount; here, since a parent-death signal no
// longer makes a section: open this thread's user namespace by thread ID) and is
// reported for it; the functions that call
// it and go on to write a feature record or mount a layer are not, in
// this package as in others (the owner's section is not their caller's
// to lock). What an owner leaves changed still is.
package ownercallers

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"example.com/ownercallers/idmap"
)

func supportsIdmappedLowerLayers(dir string) (bool, error) {
	pid, cleanup, err := idmap.CreateUsernsProcess()
	if err != nil {
		return false, err
	}
	defer cleanup()
	userns, err := os.Open(fmt.Sprintf("/proc/self/task/%d/ns/user", unix.Gettid())) // want `unix.Gettid reads this thread's identity and os.Open at line 26 relies on it`
	if err != nil {
		return false, err
	}
	defer userns.Close()
	if err := unix.Mount("overlay", dir, "overlay", 0, fmt.Sprint(pid)); err != nil {
		return false, err
	}
	return true, nil
}

func checkAndRecordIDMappedSupport(dir, cache string) (bool, error) {
	supported, err := supportsIdmappedLowerLayers(dir)
	if err2 := os.WriteFile(cache, []byte(fmt.Sprint(supported)), 0o600); err2 != nil {
		return false, err2
	}
	return supported, err
}

type Driver struct {
	supported  *bool
	dir, cache string
}

func (d *Driver) SupportsShifting() bool {
	if d.supported != nil {
		return *d.supported
	}
	supported, _ := checkAndRecordIDMappedSupport(d.dir, d.cache)
	d.supported = &supported
	return supported
}

func (d *Driver) get(id string) ([]os.DirEntry, error) {
	if !d.SupportsShifting() {
		return nil, nil
	}
	return os.ReadDir(id)
}

// enterAndMount owns a section too, and leaves its caller's thread in the
// new mount namespace: its caller's later mount is the caller's to lock.
func enterAndMount(dir string) error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and unix.Mount at line 72 must run on the same thread`
		return err
	}
	return unix.Mount("tmpfs", dir, "tmpfs", 0, "")
}

func mountsMore(dir string) error {
	if err := enterAndMount(dir); err != nil { // want `enterAndMount changes this thread's mount namespace \(via unix.Unshare\) and unix.Mount at line 79 must run on the same thread`
		return err
	}
	return unix.Mount("tmpfs", dir+"/sub", "tmpfs", 0, "")
}
