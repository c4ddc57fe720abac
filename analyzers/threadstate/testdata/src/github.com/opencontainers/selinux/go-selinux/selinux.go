// Package selinux is a stub of github.com/opencontainers/selinux/go-selinux:
// its label setters are seeds by name.
package selinux

// SetSocketLabel sets the SELinux label of sockets this thread creates.
func SetSocketLabel(label string) error {
	_ = label
	return nil
}
