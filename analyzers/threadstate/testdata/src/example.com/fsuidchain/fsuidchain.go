// Package fsuidchain checks that a chain ends at its first exported
// function of x/sys/unix: what unix.SetfsuidRetUid calls (unix.setfsuid,
// unix.RawSyscall) is not shown.
package fsuidchain

import (
	"os"

	"golang.org/x/sys/unix"
)

func dropPrivs(uid int) error {
	_, err := unix.SetfsuidRetUid(uid)
	return err
}

func ReadAs(uid int, path string) ([]byte, error) {
	if err := dropPrivs(uid); err != nil { // want `^dropPrivs changes this thread's credentials \(via unix.SetfsuidRetUid\) and os.ReadFile at line 21 must run on the same thread, but the goroutine is not locked$`
		return nil, err
	}
	return os.ReadFile(path)
}
