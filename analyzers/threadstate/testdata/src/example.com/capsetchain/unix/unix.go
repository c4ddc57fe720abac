// Package unix reduces cilium/ebpf's internal/unix: wrappers named like
// the x/sys functions they call.
package unix

import linux "golang.org/x/sys/unix"

type CapUserHeader = linux.CapUserHeader
type CapUserData = linux.CapUserData

func Capset(hdr *CapUserHeader, data *CapUserData) error {
	return linux.Capset(hdr, data)
}
