// Package recursiveowner checks that section owners that call themselves,
// directly or through each other, are judged without looping: whether
// every call of an owner is locked asks whether its caller is an owner,
// which is the function being judged.
package recursiveowner

import "golang.org/x/sys/unix"

// mountAll enters a mount namespace, mounts, and recurses into the next
// directory.
func mountAll(dirs []string) error {
	if len(dirs) == 0 {
		return nil
	}
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and unix.Mount at line \d+ must run on the same thread, but the goroutine is not locked`
		return err
	}
	if err := unix.Mount("tmpfs", dirs[0], "tmpfs", 0, ""); err != nil {
		return err
	}
	return mountAll(dirs[1:])
}

// mountEven and mountOdd own a section each and call each other.
func mountEven(dirs []string) error {
	if len(dirs) == 0 {
		return nil
	}
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and unix.Mount at line \d+ must run on the same thread, but the goroutine is not locked`
		return err
	}
	if err := unix.Mount("tmpfs", dirs[0], "tmpfs", 0, ""); err != nil {
		return err
	}
	return mountOdd(dirs[1:])
}

func mountOdd(dirs []string) error {
	if len(dirs) == 0 {
		return nil
	}
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and unix.Mount at line \d+ must run on the same thread, but the goroutine is not locked`
		return err
	}
	if err := unix.Mount("tmpfs", dirs[0], "tmpfs", 0, ""); err != nil {
		return err
	}
	return mountEven(dirs[1:])
}
