// Package bind reduces buildah v1.41.5's chroot/bind: it unshares the
// mount namespace and mounts in it, leaving the caller's thread in the new
// namespace on success (its callers must lock).
package bind

import "golang.org/x/sys/unix"

func SetupIntermediateMountNamespace(dir string) (func() error, error) {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and unix.Mount at line 12 must run on the same thread`
		return nil, err
	}
	if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
		return nil, err
	}
	return func() error { return unix.Unshare(0) }, nil
}
