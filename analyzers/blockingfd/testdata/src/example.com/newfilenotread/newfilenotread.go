// Package newfilenotread reproduces os.NewFile of blocking descriptors
// whose files Go never reads or writes: no goroutine can block in them,
// so their mode does not matter. Each silent case has a twin that must
// still be reported.
package newfilenotread

import (
	"os"
	"syscall"

	"example.com/other"
	"golang.org/x/sys/unix"
)

func startChild(fd int) int { return fd } // stands for a cgo re-exec helper

// The descriptor goes to a child by number; the file is only Stat'ed and
// closed by a closing helper (reduced from podman's pkg/rootless
// BecomeRootInUserNamespace). The other end is written: reported.
func reexec() error {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	r, w := os.NewFile(uintptr(fds[0]), "sync host"), os.NewFile(uintptr(fds[1]), "sync child") // want `os.NewFile of a blocking socket pair from unix.Socketpair`
	defer other.CloseQuiet(r)
	defer other.CloseQuiet(w)
	if _, err := r.Stat(); err != nil {
		return err
	}
	startChild(int(r.Fd()))
	_, err = w.Write([]byte("0"))
	return err
}

// Handed to another package's function that may read it: reported.
func drained() {
	fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	f := os.NewFile(uintptr(fds[0]), "drained") // want `os.NewFile of a blocking socket pair from unix.Socketpair`
	other.Drain(f)
}

// getStreamSocket returns one end of a socket pair, whose callers only
// Stat it, take its descriptor and close it (reduced from go-systemd's
// journal tests).
func getStreamSocket() (*os.File, *syscall.Stat_t) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		panic(err)
	}
	syscall.Close(fds[1])
	file := os.NewFile(uintptr(fds[0]), "unix-stream")
	stat, err := file.Stat()
	if err != nil {
		panic(err)
	}
	return file, stat.Sys().(*syscall.Stat_t)
}

func replaceStderr(fd int, cb func()) { cb() }

func useStreamSocket() {
	f, stat := getStreamSocket()
	defer f.Close()
	_ = stat.Ino
	replaceStderr(int(f.Fd()), func() {})
	func() {
		g, _ := getStreamSocket()
		g.Close()
	}()
}

// The same helper whose caller reads the file: reported.
func getReadSocket() *os.File {
	fds, _ := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	return os.NewFile(uintptr(fds[0]), "read") // want `os.NewFile of a blocking socket pair from syscall.Socketpair`
}

func readSocket(buf []byte) {
	f := getReadSocket()
	defer f.Close()
	f.Read(buf)
}

// A helper also used as a value: its callers are not all known.
func getValueSocket() *os.File {
	fds, _ := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	return os.NewFile(uintptr(fds[0]), "value") // want `os.NewFile of a blocking socket pair from syscall.Socketpair`
}

var getSocket = getValueSocket

func valueSocket() {
	f := getValueSocket()
	f.Close()
}
