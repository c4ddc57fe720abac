// Package ownerleft exports the facts of section owners (functions that
// pair a change with a use with no lock of their own, reported where they
// are defined): their callers, in the package or in others, need not lock
// for the section, only for what the owner leaves changed at returns that
// do not report failure (leftToCallers), so their facts carry needsLock
// for that alone.
package ownerleft

import (
	"net"
	"os"
	"runtime"
)

const sockAttr = "/proc/thread-self/attr/sockcreate"

// serve sets the label, listens and clears the label: it leaves the label
// set only when it fails, which its own report covers.
func serve(label, path string) (net.Listener, error) { // want serve:"^changesOnError\\(selinux\\)$"
	if err := os.WriteFile(sockAttr, []byte(label), 0); err != nil {
		return nil, err
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(sockAttr, nil, 0); err != nil {
		return nil, err
	}
	return l, nil
}

// enter sets the label, listens and leaves the label set for its caller:
// its fact asks callers in other packages to lock for that, as callers in
// the package are asked.
func enter(label, path string) (net.Listener, error) { // want enter:"^changes\\(selinux\\) needsLock\\(selinux\\)$"
	if err := os.WriteFile(sockAttr, []byte(label), 0); err != nil {
		return nil, err
	}
	return net.Listen("unix", path)
}

// Serve calls serve: it need not lock for serve's section, nor for what
// serve leaves changed only when it fails, so its fact does not ask its
// callers to lock (it returns serve's error as is, so the change counts
// as left at any return).
func Serve(path string) (net.Listener, error) { // want Serve:"^changes\\(selinux\\)$"
	return serve("", path)
}

// Enter calls enter, which leaves the label set on success: its callers
// must lock for that.
func Enter(path string) (net.Listener, error) { // want Enter:"changes\\(selinux\\) needsLock\\(selinux\\)"
	return enter("", path)
}

// lockAs is a lock helper that owns a section before it locks and leaves
// the label set only when the listen fails: unlike serve's, a lock
// helper's fact asks its callers to lock for what it leaves changed at
// any return.
func lockAs(label, path string) error { // want lockAs:"^returnsLockedIfNilError changesOnError\\(selinux\\) needsLock\\(selinux\\)$"
	if err := os.WriteFile(sockAttr, []byte(label), 0); err != nil {
		return err
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return err
	}
	l.Close()
	if err := os.WriteFile(sockAttr, nil, 0); err != nil {
		return err
	}
	runtime.LockOSThread()
	return nil
}
