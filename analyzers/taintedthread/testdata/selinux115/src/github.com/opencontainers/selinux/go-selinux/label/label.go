// Package label is a stub of go-selinux/label v1.15.1: its setter wraps
// the selinux package's and gets its fact from it.
package label

import "github.com/opencontainers/selinux/go-selinux"

// SetFileCreateLabel sets the label of files this thread creates.
func SetFileCreateLabel(fileLabel string) error { // want SetFileCreateLabel:`changes\(selinux\)`
	if !selinux.GetEnabled() {
		return nil
	}
	return selinux.SetFSCreateLabel(fileLabel)
}
