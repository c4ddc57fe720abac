// Package capsetchain reduces cilium/ebpf's internal/testutils (a capset
// helper, then exec): the chain names unix.Capset once, though the
// module's own unix.Capset wraps x/sys's.
package capsetchain

import (
	"syscall"

	"example.com/capsetchain/unix"
)

func capset() error {
	return unix.Capset(&unix.CapUserHeader{}, &unix.CapUserData{})
}

func ExecWithCaps(argv []string) error {
	if err := capset(); err != nil { // want `^capset changes this thread's capabilities \(via unix.Capset\) and syscall.Exec at line 20 must run on the same thread`
		return err
	}
	return syscall.Exec(argv[0], argv, nil)
}
