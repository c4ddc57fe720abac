// Package lockedhandle uses handles from a procfs library that reads the
// thread ID only under a lock of its own (see procfs): reopening the
// handle relies on no identity the caller read (opencontainers/selinux
// v1.15 openProcThreadSelf, openProcSelf). No report.
package lockedhandle

import (
	"os"

	"example.com/lockedhandle/procfs"
)

func openThreadSelf(name string) (*os.File, func(), error) {
	h, closer, err := procfs.OpenThreadSelf("attr/" + name)
	if err != nil {
		return nil, nil, err
	}
	defer h.Close()
	f, err := os.OpenFile(h.Name(), os.O_RDONLY, 0)
	if err != nil {
		closer()
		return nil, nil, err
	}
	return f, closer, nil
}

func openSelf(name string) (*os.File, error) {
	h, err := procfs.OpenSelf(name)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	return os.OpenFile(h.Name(), os.O_RDONLY, 0)
}

func ReadAttr(name string) error {
	f, closer, err := openThreadSelf(name)
	if err != nil {
		return err
	}
	defer closer()
	f.Close()
	g, err := openSelf(name)
	if err != nil {
		return err
	}
	return g.Close()
}
